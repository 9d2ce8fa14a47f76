import { BadGatewayException, ConflictException, HttpException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { answerProblems, EventAction, EventResult, JoinStatusDto, type JoinOfferDto, type NodeDto } from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { toNodeDto } from '../boards/node-dto.mapper.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { JoinTokenStore } from '../join-tokens/join-token-store.service.js';
import { lanAddresses, managerAddressForBoards } from '../join-tokens/manager-address.js';
import { DiscoveredBoards } from './discovered-boards.service.js';

/** The board joins through the manager while it answers the offer: its own join call is bounded by 30 s; a margin on top. */
export const OFFER_TIMEOUT_MS = 35_000;
const MAX_OFFER_ANSWER_BYTES = 64 * 1024;

/**
 * Adds a board heard on the LAN: a single-use join token (10 minutes) is
 * offered to the board (POST /join/offer, which needs no token), and the
 * board joins through the normal path while it answers. The answer is the
 * registered node, or why the board did not join.
 */
@Injectable()
export class BoardAdder {
  constructor(
    private readonly discovered: DiscoveredBoards,
    private readonly registry: BoardRegistry,
    private readonly tokens: JoinTokenStore,
    private readonly eventLog: EventLog,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  async add(computeId: string, caller: { actor: string }, request: { protocol: string; host: string | undefined }): Promise<NodeDto> {
    const registered = this.registry.findByComputeId(computeId);
    if (registered) throw new ConflictException(`This board is registered already, as "${registered.name}" at ${registered.url}`);
    const board = this.discovered.find(computeId);
    if (!board) {
      const why = this.discovered.enabled ? 'in the last few minutes' : '(discovery is off: DISCOVERY_ENABLED=false, or the mDNS socket could not be opened)';
      throw new NotFoundException(`No board with compute id ${computeId} was heard on the LAN ${why}; see GET /api/discovered`);
    }
    if (board.addresses.length === 0) throw new BadGatewayException(`The board "${board.label}" announced no IPv4 address: add it by its address and token instead`);
    const { token, record } = this.tokens.create({ singleUse: true, note: `for the discovered board "${board.label}"` });
    try {
      const problems: string[] = [];
      for (const address of board.addresses) {
        const managerUrl = this.managerUrlFor(address, request);
        const outcome = await this.offer(`http://${address}:${board.port}`, { managerUrl, joinToken: token });
        if (outcome.kind === 'unreachable') {
          problems.push(outcome.message);
          continue;
        }
        if (outcome.kind === 'refused') throw outcome.error;
        const node = this.registry.findByComputeId(computeId);
        if (!node) throw new BadGatewayException(`The board "${board.label}" says ${outcome.status.state}: ${outcome.status.detail}, but this manager does not have it`);
        return toNodeDto(node);
      }
      throw new BadGatewayException(`The board "${board.label}" could not be reached: ${problems.join('; ')}`);
    } catch (error) {
      // Not used: it must not admit anyone later. (A used one stays, spent: the board rejoins with it at each start.)
      this.revokeQuietly(record.id);
      if (error instanceof HttpException) {
        this.eventLog.record({
          action: EventAction.NODE_JOINED,
          result: EventResult.FAILURE,
          nodeId: null,
          nodeName: board.label,
          instance: null,
          message: `The discovered board "${board.label}" (compute id ${computeId}) was not added (${error.getStatus()}): ${error.message}`,
          actor: caller.actor,
          owner: null,
        });
      }
      throw error;
    }
  }

  private revokeQuietly(id: string): void {
    try {
      this.tokens.revoke(id);
    } catch {
      // It expires in 10 minutes all the same.
    }
  }

  /** The manager's URL as a board at this address reaches it: MANAGER_ADVERTISE_URL, the Host of the request, or the LAN address in the board's subnet. */
  private managerUrlFor(boardAddress: string, request: { protocol: string; host: string | undefined }): string {
    const lan = lanAddresses();
    const subnet = boardAddress.split('.').slice(0, 3).join('.') + '.';
    const closest = [...lan.filter((address) => address.startsWith(subnet)), ...lan];
    return managerAddressForBoards(request, this.settings.MANAGER_ADVERTISE_URL, this.settings.MANAGER_PORT, closest);
  }

  private async offer(
    boardUrl: string,
    offer: JoinOfferDto,
  ): Promise<{ kind: 'joined'; status: JoinStatusDto } | { kind: 'refused'; error: HttpException } | { kind: 'unreachable'; message: string }> {
    let response: Response;
    try {
      response = await fetch(`${boardUrl}/join/offer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(offer),
        redirect: 'error',
        signal: AbortSignal.timeout(OFFER_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { kind: 'unreachable', message: `${boardUrl}: ${cause ?? (error as Error).message}` };
    }
    const text = await response.text().catch(() => '');
    if (text.length > MAX_OFFER_ANSWER_BYTES) return { kind: 'refused', error: new BadGatewayException(`The board at ${boardUrl} answered the join offer with ${text.length} bytes`) };
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Said below.
    }
    const message = typeof (body as { message?: unknown } | null)?.message === 'string' ? ((body as { message: string }).message).slice(0, 2000) : text.slice(0, 200);
    if (response.status === 200) {
      const problems = answerProblems(JoinStatusDto, body);
      if (problems.length > 0) return { kind: 'refused', error: new BadGatewayException(`The board at ${boardUrl} answered the join offer with no join status: ${problems.join('; ')}`) };
      return { kind: 'joined', status: body as JoinStatusDto };
    }
    if (response.status === 409) return { kind: 'refused', error: new ConflictException(`The board at ${boardUrl} did not take the offer: ${message}`) };
    if (response.status === 403) return { kind: 'refused', error: new ConflictException(`The board at ${boardUrl} takes no join offers (JOIN_ACCEPT_OFFERS=false): add it with a join token typed on the board`) };
    if (response.status === 404) return { kind: 'refused', error: new BadGatewayException(`The board at ${boardUrl} has no join offer route (an older compute node): add it by its address and token`) };
    if (response.status === 503) return { kind: 'refused', error: new ServiceUnavailableException(`The board at ${boardUrl} could not take the offer now: ${message}`) };
    return { kind: 'refused', error: new BadGatewayException(`The board at ${boardUrl} could not join: ${message}`) };
  }
}
