import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import {
  BadGatewayException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Subject, type Observable } from 'rxjs';
import { normaliseBaseUrl, type JoinOfferDto, type JoinState, type JoinStatusDto, type NodeJoinRequestDto } from '@tinystack/contracts';
import { NodeCondition } from '../condition/node-condition.service.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { NodeIdentity } from '../health/node-identity.service.js';
import { PACKAGE_VERSION } from '../health/package-version.js';
import { joinFilePath, readJoinFile, writeJoinFile, type JoinConfiguration } from './join-file.js';
import { ManagerJoinClient, type JoinOutcome } from './manager-join.client.js';

/** Injection token of the node's own API token, which a join hands to the manager. */
export const COMPUTE_API_TOKEN = Symbol('COMPUTE_API_TOKEN');

/** Tries again after 2 s, doubling up to once a minute, while the manager cannot be reached. */
export const JOIN_RETRY_FIRST_MS = 2000;
export const JOIN_RETRY_MAX_MS = 60_000;

const JOIN_COMMAND = 'sudo tinystack-compute join <manager-url> <join-token>';

/**
 * The node joins its manager by itself: at every start (a restart is a
 * no-op for the manager), retrying with back-off while the manager cannot be
 * reached, and never again once the manager refused the token (401/403). The
 * manager and the token come from MANAGER_URL and JOIN_TOKEN, else from
 * DATA_DIR/join.json (tinystack-compute join, or an accepted offer).
 */
@Injectable()
export class JoinService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Join');
  private configuration: JoinConfiguration | null = null;
  private state: JoinState = 'not-configured';
  private detail = 'not configured yet';
  private retryDelayMs = JOIN_RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt: Promise<void> | null = null;
  private offering = false;
  private lastFailureLogged: string | null = null;
  private closed = false;
  private readonly changes = new Subject<JoinStatusDto>();

  constructor(
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
    private readonly identity: NodeIdentity,
    private readonly client: ManagerJoinClient,
    private readonly condition: NodeCondition,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(COMPUTE_API_TOKEN) private readonly computeToken: string,
  ) {}

  onApplicationBootstrap(): void {
    this.loadConfiguration();
    if (this.configuration === null) {
      this.logger.log(
        'Not joined to a manager: set MANAGER_URL and JOIN_TOKEN, run ' +
          `${JOIN_COMMAND}, or let a manager that discovers this board add it` +
          (this.settings.JOIN_ACCEPT_OFFERS ? '' : ' (JOIN_ACCEPT_OFFERS=false: offers are off)'),
      );
      return;
    }
    // The manager contacts the node before it answers: the first attempt waits until the node listens.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as import('node:http').Server | undefined;
    if (server === undefined) return;
    if (server.listening) void this.runAttempt();
    else server.once('listening', () => void this.runAttempt());
  }

  onModuleDestroy(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.changes.complete();
  }

  /** What GET /health reports: never the token. */
  status(): JoinStatusDto {
    return { managerUrl: this.configuration?.managerUrl ?? null, state: this.state, detail: this.detail };
  }

  /** Every change of the join's state (discovery announces whether the node is joined). */
  get changes$(): Observable<JoinStatusDto> {
    return this.changes.asObservable();
  }

  /**
   * POST /join/now (tinystack-compute join asks it): reads the configuration
   * again (join.json may be new) and tries at once, whatever the back-off.
   */
  async joinNow(): Promise<JoinStatusDto> {
    await this.attempt;
    this.loadConfiguration();
    if (this.configuration !== null) {
      this.retryDelayMs = JOIN_RETRY_FIRST_MS;
      await this.runAttempt();
    }
    return this.status();
  }

  /**
   * POST /join/offer: a manager that discovered this board hands it a join
   * token. Taken only by a board that has no manager (or whose join was
   * refused), and kept (join.json) only once that manager has it; otherwise
   * nothing changes. On a LAN, the first manager to offer wins an unjoined board.
   */
  async offer(offer: JoinOfferDto, from: string): Promise<JoinStatusDto> {
    if (!this.settings.JOIN_ACCEPT_OFFERS) {
      throw new ForbiddenException(`This board takes no join offers (JOIN_ACCEPT_OFFERS=false): join it on the board with ${JOIN_COMMAND}`);
    }
    const current = this.configuration;
    if (current?.source === 'environment') {
      throw new ConflictException(`This board joins the manager at ${current.managerUrl}, set in its environment (MANAGER_URL): change it there`);
    }
    if (this.state === 'joined' || this.state === 'joining') {
      throw new ConflictException(`This board ${this.state === 'joined' ? 'has joined' : 'is joining'} the manager at ${current?.managerUrl}: it takes no offer`);
    }
    if (this.offering || this.attempt !== null) throw new ConflictException('This board is busy with another join: try again in a moment');
    const managerUrl = normaliseBaseUrl(offer.managerUrl, 'managerUrl');
    this.offering = true;
    try {
      const outcome = await this.tryJoin(managerUrl, offer.joinToken);
      if (outcome.kind !== 'joined') {
        const why = outcome.kind === 'refused' ? `refused the join token it offered: ${outcome.message}` : `could not be joined: ${outcome.message}`;
        this.logger.warn(`Join offer from ${from}: the manager at ${managerUrl} ${why}; nothing changed`, { client: from, result: 'failed' });
        throw new BadGatewayException(`The manager at ${managerUrl} ${why}`);
      }
      writeJoinFile(this.settings.DATA_DIR, managerUrl, offer.joinToken, `a join offer from ${from}`);
      this.configuration = { managerUrl, joinToken: offer.joinToken, source: 'join-file' };
      this.joined(outcome, `after an offer from ${from}`);
      return this.status();
    } finally {
      this.offering = false;
    }
  }

  private loadConfiguration(): void {
    const { MANAGER_URL, JOIN_TOKEN, DATA_DIR } = this.settings;
    if (MANAGER_URL !== undefined && JOIN_TOKEN !== undefined) {
      this.configuration = { managerUrl: normaliseBaseUrl(MANAGER_URL, 'MANAGER_URL'), joinToken: JOIN_TOKEN, source: 'environment' };
      return;
    }
    try {
      this.configuration = readJoinFile(DATA_DIR);
      if (this.configuration === null) this.set('not-configured', 'no manager to join: set MANAGER_URL and JOIN_TOKEN, or run ' + JOIN_COMMAND);
    } catch (error) {
      this.configuration = null;
      const message = (error as Error).message;
      this.logger.error(`Cannot join a manager: ${message}`);
      this.set('not-configured', message);
    }
  }

  /** One attempt with the configuration; a failure that can pass schedules the next. Attempts never overlap. */
  private runAttempt(): Promise<void> {
    this.attempt ??= this.attemptOnce().finally(() => (this.attempt = null));
    return this.attempt;
  }

  private async attemptOnce(): Promise<void> {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const configuration = this.configuration;
    if (configuration === null || this.closed) return;
    const { managerUrl } = configuration;
    if (this.state !== 'joining') this.set('joining', `joining the manager at ${managerUrl}`);
    const outcome = await this.tryJoin(managerUrl, configuration.joinToken);
    if (this.closed || this.configuration !== configuration) return;
    switch (outcome.kind) {
      case 'joined':
        this.joined(outcome, configuration.source === 'environment' ? 'from MANAGER_URL' : `from ${joinFilePath(this.settings.DATA_DIR)}`);
        return;
      case 'refused':
        this.set('refused', `the manager at ${managerUrl} refused the join token (${outcome.status}): ${outcome.message}`);
        this.logger.error(
          `The manager at ${managerUrl} refused this board's join token: ${outcome.message}. The node does not try again: ` +
            `make a new join token on the manager (its console, or POST /api/join-tokens) and run ${JOIN_COMMAND.replace('<manager-url>', managerUrl)}`,
          { result: 'refused' },
        );
        return;
      case 'failed': {
        const delay = this.retryDelayMs;
        this.retryDelayMs = Math.min(delay * 2, JOIN_RETRY_MAX_MS);
        this.set('joining', `could not join the manager at ${managerUrl}: ${outcome.message}; trying again in ${delay / 1000} s`);
        // Once per distinct reason: a manager that is down for an hour must not fill the SD card.
        if (outcome.message !== this.lastFailureLogged) {
          this.lastFailureLogged = outcome.message;
          this.logger.warn(`Could not join the manager at ${managerUrl}: ${outcome.message}; trying again, every ${JOIN_RETRY_MAX_MS / 1000} s at most`, { result: 'failed' });
        }
        this.retryTimer = setTimeout(() => void this.runAttempt(), delay);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private async tryJoin(managerUrl: string, joinToken: string): Promise<JoinOutcome> {
    try {
      return await this.client.join(managerUrl, this.request(joinToken));
    } catch (error) {
      return { kind: 'failed', message: `the join failed: ${(error as Error).message}` };
    }
  }

  private request(joinToken: string): NodeJoinRequestDto {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as import('node:http').Server | undefined;
    const address = server?.address() as AddressInfo | null | undefined;
    const request: NodeJoinRequestDto = {
      joinToken,
      computeId: this.identity.nodeId,
      computeToken: this.computeToken,
      port: address?.port ?? this.settings.COMPUTE_PORT,
      hostname: hostname(),
      version: PACKAGE_VERSION,
    };
    const advertised = this.settings.COMPUTE_ADVERTISE_URL;
    return advertised === undefined ? request : { ...request, advertiseUrl: normaliseBaseUrl(advertised, 'COMPUTE_ADVERTISE_URL') };
  }

  private joined(outcome: Extract<JoinOutcome, { kind: 'joined' }>, how: string): void {
    const { answer } = outcome;
    const managerUrl = this.configuration?.managerUrl;
    this.retryDelayMs = JOIN_RETRY_FIRST_MS;
    this.lastFailureLogged = null;
    this.set('joined', `joined the manager at ${managerUrl} as "${answer.name}"${answer.rejoined ? ' (again: it knew this board)' : ''}; it reaches this board at ${answer.url}`);
    this.logger.log(
      `Joined the manager at ${managerUrl} ${how} as "${answer.name}" (${answer.rejoined ? 'it knew this board already' : 'a new node'}); it reaches this board at ${answer.url}`,
      { result: 'joined' },
    );
  }

  private set(state: JoinState, detail: string): void {
    const changed = state !== this.state;
    this.state = state;
    this.detail = detail;
    this.condition.recordJoinRefused(state === 'refused');
    if (changed) this.changes.next(this.status());
  }
}
