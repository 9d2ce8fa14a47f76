import { ConflictException, ForbiddenException, HttpException, Injectable, UnauthorizedException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LogThrottle } from '@tinystack/api-kit';
import { EventAction, EventResult, NODE_ACTOR, type NodeJoinAnswerDto, type NodeJoinRequestDto } from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import type { Board } from '../boards/board.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import type { JoinTokenRecord } from '../join-tokens/join-token-record.js';
import { JoinTokenStore } from '../join-tokens/join-token-store.service.js';
import { describeDatabaseError } from '../storage/database-health.js';
import { defaultNodeName } from './node-name.js';
import { DuplicateNodeError } from './node.repository.js';
import { NodeRegistration, NodeUnusableException } from './node-registration.service.js';

/** At most one event-log entry per address, kind of refusal and minute: a board stuck in a loop, or a scanner, cannot fill the SD card. */
export const JOIN_REFUSAL_LOG_WINDOW_MS = 60_000;
const JOIN_REFUSAL_ADDRESSES = 200;

export interface JoinOutcome {
  status: 200 | 201;
  answer: NodeJoinAnswerDto;
}

/**
 * A board that joins by itself (POST /api/nodes/join): the join token is
 * its credential. The manager reaches the board at its advertiseUrl or at
 * the address the join came from, talks to it as a registration does (the
 * same compute id must answer there, with the compute token the board sent),
 * and stores it; a board it has already is a rejoin (its URL and token are
 * updated when they changed). A board already registered may rejoin after
 * its token expired (with the compute token the manager knows), never after
 * the token was revoked.
 */
@Injectable()
export class NodeJoin {
  private readonly refusals = new LogThrottle({ windowMs: JOIN_REFUSAL_LOG_WINDOW_MS, maxKeys: JOIN_REFUSAL_ADDRESSES });
  /** Joins of one board one after the other: a board retrying while its first join is checked is a rejoin, not a conflict. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly registry: BoardRegistry,
    private readonly registration: NodeRegistration,
    private readonly tokens: JoinTokenStore,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
  ) {}

  join(request: NodeJoinRequestDto, remoteAddress: string): Promise<JoinOutcome> {
    const previous = this.inFlight.get(request.computeId) ?? Promise.resolve();
    const attempt = previous.catch(() => undefined).then(() => this.attempt(request, remoteAddress));
    const settled = attempt.catch(() => undefined);
    this.inFlight.set(request.computeId, settled);
    void settled.then(() => {
      if (this.inFlight.get(request.computeId) === settled) this.inFlight.delete(request.computeId);
    });
    return attempt;
  }

  private async attempt(request: NodeJoinRequestDto, remoteAddress: string): Promise<JoinOutcome> {
    const from = `from ${remoteAddress} (board "${request.hostname}", compute id ${request.computeId})`;
    try {
      return await this.admit(request, remoteAddress, from);
    } catch (error) {
      if (error instanceof HttpException) this.refused(error, remoteAddress, from, request.hostname);
      throw error;
    }
  }

  private async admit(request: NodeJoinRequestDto, remoteAddress: string, from: string): Promise<JoinOutcome> {
    const known = this.registry.findByComputeId(request.computeId);
    const token = this.admittingToken(request, known);
    const url = request.advertiseUrl ?? `http://${remoteAddress.includes(':') ? `[${remoteAddress}]` : remoteAddress}:${request.port}`;
    const nodeUrl = this.registration.validUrl(url);
    const probe = await this.registration.probe(nodeUrl, request.computeToken, request.computeId).catch((error: unknown) => {
      if (error instanceof NodeUnusableException) {
        throw new UnprocessableEntityException(`the manager could not reach the board at ${nodeUrl}: ${error.why} (set COMPUTE_ADVERTISE_URL on the board)`);
      }
      throw error;
    });
    // The board may have been registered (or unregistered) while it was checked.
    const board = this.registry.findByComputeId(request.computeId);
    if (board) {
      const changed = board.url !== nodeUrl || board.record.token !== request.computeToken;
      const current = changed ? this.reconnect(board, nodeUrl, request.computeToken) : board;
      if (changed) current.applyRegistration(probe, probe.latencyMs);
      this.tokens.recordUse(token);
      const what = changed ? `; it is now reached at ${nodeUrl}${board.record.token !== request.computeToken ? ' with a new compute token' : ''}` : ' (a restart: nothing changed)';
      this.record(EventResult.SUCCESS, current, `Node "${current.name}" joined again ${from}${what}`);
      return { status: 200, answer: { ...this.answer(current), rejoined: true } };
    }
    this.assertUrlFree(nodeUrl, null);
    const name = defaultNodeName(request.hostname, (candidate) => !!this.registry.findByName(candidate));
    const added = this.registration.store({ id: randomUUID(), name, url: nodeUrl, token: request.computeToken, registeredAt: this.clock.now(), computeId: request.computeId });
    added.applyRegistration(probe, probe.latencyMs);
    this.tokens.recordUse(token);
    const note = token.note ? ` "${token.note}"` : '';
    this.record(
      EventResult.SUCCESS,
      added,
      `Node "${added.name}" joined ${from} with the join token${note}; the manager reaches it at ${nodeUrl}` +
        (probe.instancesError ? ` (it cannot run instances: ${probe.instancesError})` : ''),
    );
    return { status: 201, answer: this.answer(added) };
  }

  /** The token that admits this join, or the refusal (401 unknown, 403 revoked, expired or used up). */
  private admittingToken(request: NodeJoinRequestDto, known: Board | undefined): JoinTokenRecord {
    const checked = this.tokens.check(request.joinToken);
    if ('record' in checked) return checked.record;
    const { refusal } = checked;
    // A board the manager has restarts with the token it joined with, long after it expired: that is no new admission.
    const rejoinAfterExpiry = refusal.record !== null && refusal.record.revokedAt === null && known !== undefined && known.record.token === request.computeToken;
    if (rejoinAfterExpiry) return refusal.record!;
    throw refusal.status === 401 ? new UnauthorizedException(refusal.message) : new ForbiddenException(refusal.message);
  }

  private reconnect(board: Board, url: string, token: string): Board {
    this.assertUrlFree(url, board);
    try {
      return this.registry.reconnect(board.id, url, token);
    } catch (error) {
      if (error instanceof DuplicateNodeError) this.assertUrlFree(url, board);
      if (error instanceof HttpException) throw error;
      throw new HttpException(`The board's new address was not stored: the database cannot be written (${describeDatabaseError(error)})`, 503);
    }
  }

  private assertUrlFree(url: string, self: Board | null): void {
    const holder = this.registry.findByUrl(url);
    if (!holder || holder === self) return;
    throw new ConflictException(
      `the manager has another board, "${holder.name}" (compute id ${holder.computeId ?? 'not known yet'}), registered at ${url}: ` +
        'unregister it if it is gone, or set COMPUTE_ADVERTISE_URL on this board',
    );
  }

  private answer(board: Board): NodeJoinAnswerDto {
    return { nodeId: board.id, name: board.name, url: board.url, state: board.state };
  }

  private refused(error: HttpException, remoteAddress: string, from: string, hostname: string): void {
    const status = error.getStatus();
    const decision = this.refusals.admit(`${remoteAddress} ${status} ${error.message.split(' at ')[0]}`);
    if (decision === null) return;
    const held = decision.suppressed > 0 ? ` (${decision.suppressed} more such refusals ${decision.shared ? 'from other addresses' : 'from this address'} since the last entry)` : '';
    this.record(EventResult.FAILURE, null, `A board's join was refused ${from} (${status}): ${error.message}${held}`, hostname);
  }

  private record(result: EventResult, board: Board | null, message: string, nodeName: string | null = board?.name ?? null): void {
    this.eventLog.record({ action: EventAction.NODE_JOINED, result, nodeId: board?.id ?? null, nodeName, instance: null, message, actor: NODE_ACTOR, owner: null });
  }
}
