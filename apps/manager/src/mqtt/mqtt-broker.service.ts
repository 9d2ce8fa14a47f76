import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { map, merge, take, timer, type Observable, type Subscription as RxSubscription } from 'rxjs';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Aedes, AedesPublishPacket, Client } from 'aedes';
import { LogThrottle, UpgradeRefusal, WebSocketUpgrades } from '@tinystack/api-kit';
import { UserRole } from '@tinystack/contracts';
import { AccessRevocations } from '../auth/access-revocations.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { FailureLimiter } from '../auth/failure-limiter.js';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { MqttCredentials, type CredentialCheck } from './mqtt-credentials.service.js';
import { MqttPersistence } from './mqtt-persistence.js';
import { GuardedConnection } from './guarded-connection.js';
import { PacketSizeGuard, PacketTooLarge } from './packet-size-guard.js';
import { CLOUD_TOPIC_ROOT, topicAccess } from './topic-access.js';

export const MQTT_WEBSOCKET_PATH = '/mqtt';
/** aedes' limits: what one client can make the broker hold. */
const BROKER_LIMITS = { maxClientsIdLength: 64, maxTopicLevels: 16, maxInflightInbound: 100, queueLimit: 100, connectTimeout: 10_000, keepaliveLimit: 3600 };
/** Failed MQTT sign-ins allowed per address within the window, as for the console's sign-in. */
const FAILURES_PER_ADDRESS = 20;
const FAILURE_WINDOW_MS = 15 * 60_000;
/** A client over its message rate this long without a pause is disconnected. */
const FLOOD_DISCONNECT_MS = 5_000;
/** Where a refused or over-the-rate publish goes: no one may subscribe to it, so it reaches no one. */
const DROPPED_TOPIC = '$dropped';
const NOT_AUTHORIZED = 5;

export type MqttTransport = 'tcp' | 'websocket';

interface Connection {
  address: string;
  transport: MqttTransport;
  /** The console's session on a WebSocket upgrade: the principal whatever CONNECT says. */
  session: CredentialCheck | null;
}

export interface ConnectedClient {
  clientId: string;
  principal: Principal;
  address: string;
  transport: MqttTransport;
  connectedAt: Date;
  messagesIn: number;
  messagesOut: number;
  subscriptions: Set<string>;
}

interface ClientState extends ConnectedClient {
  client: Client;
  tokens: number;
  refilledAt: number;
  floodingSince: number | null;
  revoked: RxSubscription;
}

/**
 * The manager's MQTT broker (aedes): plain TCP on MQTT_HOST:MQTT_PORT and
 * MQTT over WebSocket at /mqtt on the manager's own port. Every connection
 * signs in with the accounts' credentials, every topic goes through
 * topicAccess, and each client is bounded: packet size, message rate,
 * subscriptions, connections per member.
 */
@Injectable()
export class MqttBroker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('MQTT');
  private readonly connections = new WeakMap<object, Connection>();
  private readonly clients = new Map<Client, ClientState>();
  private readonly failures = new FailureLimiter({ limit: FAILURES_PER_ADDRESS, windowMs: FAILURE_WINDOW_MS, maxKeys: 10_000 });
  private readonly warnings = new LogThrottle({ windowMs: 60_000, maxKeys: 1000 });
  private broker?: Aedes;
  private tcp?: Server;
  private webSockets?: WebSocketServer;
  private boundPort: number | null = null;

  constructor(
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
    private readonly credentials: MqttCredentials,
    private readonly revocations: AccessRevocations,
    private readonly persistence: MqttPersistence,
    private readonly upgrades: WebSocketUpgrades,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.settings.MQTT_ENABLED;
  }

  /** The TCP port listened on (MQTT_PORT, or the one chosen for 0); null when off. */
  get port(): number | null {
    return this.boundPort;
  }

  async onModuleInit(): Promise<void> {
    if (!this.settings.MQTT_ENABLED) {
      this.logger.log('MQTT broker off (MQTT_ENABLED=false)');
      return;
    }
    // aedes is ESM-only; the bundle resolves this import, the CommonJS sources load it through Node's import().
    const { Aedes } = await import('aedes');
    const broker = await Aedes.createBroker({
      ...BROKER_LIMITS,
      persistence: await this.persistence.forBroker(),
      preConnect: (client, _packet, done) => {
        withoutClusterDedupe(client);
        done(null, this.mayTry(client));
      },
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => {
        if (client) this.authorizePublish(client, packet);
        done(null);
      },
      authorizeSubscribe: (client, subscription, done) => done(null, this.authorizeSubscribe(client, subscription.topic) ? subscription : null),
      authorizeForward: (client, packet) => this.authorizeForward(client, packet),
    });
    this.broker = broker;
    broker.on('clientDisconnect', (client) => this.forget(client));
    broker.on('clientError', (client, error) => this.logger.debug(`Client ${client.id}: ${error.message}`));
    broker.on('unsubscribe', (topics, client) => {
      const state = this.clients.get(client);
      for (const topic of topics) state?.subscriptions.delete(topic);
    });
    await this.listenTcp();
    this.webSockets = new WebSocketServer({
      noServer: true,
      maxPayload: this.settings.MQTT_MAX_MESSAGE_BYTES + 16,
      handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
    });
    this.upgrades.route(new RegExp(`^${MQTT_WEBSOCKET_PATH}$`), (request, socket, head) => this.upgrade(request, socket, head));
  }

  async onApplicationShutdown(): Promise<void> {
    const broker = this.broker;
    if (!broker) return;
    this.broker = undefined;
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    for (const ws of this.webSockets?.clients ?? []) ws.terminate();
    this.webSockets?.close();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    this.persistence.flush();
  }

  /** Publishes as the manager (under tinystack/): no client check applies. */
  publish(topic: string, payload: string | Buffer, retain: boolean): void {
    this.broker?.publish({ cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos: 0, dup: false, retain }, (error) => {
      if (error) this.logger.warn(`Could not publish ${topic}: ${error.message}`);
    });
  }

  get clientCount(): number {
    return this.clients.size;
  }

  connected(): ConnectedClient[] {
    return [...this.clients.values()].map(({ client: _client, tokens: _tokens, refilledAt: _at, floodingSince: _f, revoked: _r, ...rest }) => rest);
  }

  private listenTcp(): Promise<void> {
    const host = this.settings.MQTT_HOST ?? this.settings.MANAGER_HOST;
    const server = createServer((socket: Socket) => {
      // Without it a small message can wait for the ACK of the one before (Nagle), which the client's TCP holds back for up
      // to 40 ms (delayed ACK) when it has nothing to send: the p99 at 100 messages a second was that wait (bench:manager).
      socket.setNoDelay(true);
      this.accept(socket, { address: socket.remoteAddress ?? 'unknown', transport: 'tcp', session: null });
    });
    this.tcp = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => reject(new Error(`The MQTT broker cannot listen on ${host}:${this.settings.MQTT_PORT}: ${error.message} (MQTT_HOST, MQTT_PORT; MQTT_ENABLED=false turns it off)`)));
      server.listen(this.settings.MQTT_PORT, host, () => {
        this.boundPort = (server.address() as AddressInfo).port;
        this.logger.log(`MQTT broker listening on ${host}:${this.boundPort} (TCP) and ${MQTT_WEBSOCKET_PATH} (WebSocket on the manager's port)`);
        resolve();
      });
    });
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const webSockets = this.webSockets;
    if (!webSockets || !this.broker) throw new UpgradeRefusal(503, 'The MQTT broker is not running');
    const session = this.credentials.sessionOf(request);
    webSockets.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => ws.terminate());
      this.accept(stream, { address: request.socket.remoteAddress ?? 'unknown', transport: 'websocket', session });
    });
  }

  /** Hands the connection to aedes behind the packet size guard: an oversized packet ends this connection only. */
  private accept(transport: Duplex, connection: Connection): void {
    const broker = this.broker;
    if (!broker) return void transport.destroy();
    const stream = new GuardedConnection(transport, new PacketSizeGuard(this.settings.MQTT_MAX_MESSAGE_BYTES), (error) => {
      if (error instanceof PacketTooLarge) this.warn(`${connection.address}:size`, `Closed the MQTT connection from ${connection.address}: ${error.message}`);
    });
    this.connections.set(stream, connection);
    broker.handle(stream);
  }

  private mayTry(client: Client): boolean {
    const connection = this.connections.get(client.conn);
    if (!connection) return false;
    return this.failures.waitMs(connection.address, this.clock.now().getTime()) === 0 || this.warnLimited(connection.address);
  }

  private warnLimited(address: string): false {
    this.warn(`${address}:limited`, `Refused MQTT connection from ${address}: too many failed sign-ins lately`);
    return false;
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
  ): void {
    const connection = this.connections.get(client.conn);
    const refuse = (reason: string, counts: boolean) => {
      const address = connection?.address ?? 'unknown';
      if (counts) this.failures.fail(address, this.clock.now().getTime());
      this.logger.warn(`Refused MQTT connection ${JSON.stringify(client.id)} as ${JSON.stringify(username ?? '')} from ${address}: ${reason}`, { username, client: address, reason });
      done(Object.assign(new Error(reason), { returnCode: NOT_AUTHORIZED }), null);
    };
    if (!connection) return refuse('unknown connection', false);
    let check: CredentialCheck;
    if (connection.session && 'principal' in connection.session) {
      const principal = connection.session.principal;
      check = !username || username === principal.username ? connection.session : { refused: `the session is ${principal.username}'s, not ${username}'s` };
    } else {
      check = this.credentials.check(username, password);
    }
    if ('refused' in check) return refuse(check.refused, true);
    const principal = check.principal;
    if (!isAdmin(principal)) {
      const open = [...this.clients.values()].filter((state) => state.principal.userId === principal.userId && state.client.id !== client.id).length;
      if (open >= this.settings.MQTT_MAX_CONNECTIONS_PER_USER) {
        return refuse(`${principal.username} has ${open} MQTT connections already, the most a member may hold (MQTT_MAX_CONNECTIONS_PER_USER=${this.settings.MQTT_MAX_CONNECTIONS_PER_USER})`, false);
      }
    }
    this.failures.forget(connection.address);
    const now = this.clock.now();
    const state: ClientState = {
      client,
      clientId: client.id,
      principal,
      address: connection.address,
      transport: connection.transport,
      connectedAt: now,
      messagesIn: 0,
      messagesOut: 0,
      subscriptions: new Set(),
      tokens: this.settings.MQTT_MAX_MESSAGES_PER_SECOND * 2,
      refilledAt: now.getTime(),
      floodingSince: null,
      revoked: this.endOfCredential(principal).subscribe((why) => {
        this.logger.log(`Disconnected MQTT client ${JSON.stringify(client.id)} of ${principal.username}: ${why}`);
        client.close();
      }),
    };
    this.clients.set(client, state);
    done(null, true);
  }

  /** When the connection's credential stops working: revoked (a token, a session, a disabled or deleted user), or expired. */
  private endOfCredential(principal: Principal): Observable<string> {
    const revoked = this.revocations
      .of({ userId: principal.userId, sessionIdHash: principal.session?.idHash, tokenId: principal.token?.id })
      .pipe(map(() => 'its credential was revoked'));
    const ends = principal.session?.expiresAt ?? principal.token?.expiresAt ?? null;
    if (!ends) return revoked.pipe(take(1));
    const expired = timer(Math.max(0, ends.getTime() - this.clock.now().getTime())).pipe(map(() => 'its credential expired'));
    return merge(revoked, expired).pipe(take(1));
  }

  private authorizePublish(client: Client, packet: { topic: string; retain: boolean }): void {
    const state = this.clients.get(client);
    if (!state) return this.drop(packet);
    const nowMs = this.clock.now().getTime();
    if (!this.withinRate(state, nowMs)) {
      this.warn(`${client.id}:rate`, `MQTT client ${JSON.stringify(client.id)} of ${state.principal.username} is over ${this.settings.MQTT_MAX_MESSAGES_PER_SECOND} messages a second: dropping`);
      state.floodingSince ??= nowMs;
      if (nowMs - state.floodingSince >= FLOOD_DISCONNECT_MS) {
        this.logger.warn(`Disconnected MQTT client ${JSON.stringify(client.id)} of ${state.principal.username}: over the message rate for ${FLOOD_DISCONNECT_MS / 1000} seconds`);
        client.close();
      }
      return this.drop(packet);
    }
    state.floodingSince = null;
    if (!topicAccess(state.principal, packet.topic, 'publish')) {
      this.warn(
        `${client.id}:${packet.topic}`,
        `Dropped a publish of ${state.principal.username} (client ${JSON.stringify(client.id)}) to ${JSON.stringify(packet.topic)}: ` +
          (packet.topic.startsWith(`${CLOUD_TOPIC_ROOT}/`) ? 'only the manager publishes under tinystack/' : `outside class/${state.principal.username}/#`),
      );
      return this.drop(packet);
    }
    state.messagesIn += 1;
  }

  private withinRate(state: ClientState, nowMs: number): boolean {
    const rate = this.settings.MQTT_MAX_MESSAGES_PER_SECOND;
    state.tokens = Math.min(rate * 2, state.tokens + ((nowMs - state.refilledAt) / 1000) * rate);
    state.refilledAt = nowMs;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }

  /** A refused publish is sent nowhere (MQTT 3.1.1 has no way to say "refused" but closing the connection). */
  private drop(packet: { topic: string; retain: boolean }): void {
    packet.topic = DROPPED_TOPIC;
    packet.retain = false;
  }

  private authorizeSubscribe(client: Client, topic: string): boolean {
    const state = this.clients.get(client);
    if (!state) return false;
    if (!topicAccess(state.principal, topic, 'subscribe')) {
      this.warn(`${client.id}:sub:${topic}`, `Refused a subscription of ${state.principal.username} (client ${JSON.stringify(client.id)}) to ${JSON.stringify(topic)}`);
      return false;
    }
    if (!state.subscriptions.has(topic) && state.subscriptions.size >= this.settings.MQTT_MAX_SUBSCRIPTIONS) {
      this.warn(`${client.id}:subs`, `Refused a subscription of ${state.principal.username} to ${JSON.stringify(topic)}: ${this.settings.MQTT_MAX_SUBSCRIPTIONS} filters already (MQTT_MAX_SUBSCRIPTIONS)`);
      return false;
    }
    state.subscriptions.add(topic);
    return true;
  }

  /** What a member may receive of the cloud's topics: their own instances and the log entries about them. */
  private authorizeForward(client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    const state = this.clients.get(client);
    if (!state || packet.topic === DROPPED_TOPIC) return null;
    if (state.principal.role !== UserRole.ADMIN && !memberMayReceive(state.principal.username, packet)) return null;
    state.messagesOut += 1;
    return packet;
  }

  private forget(client: Client): void {
    const state = this.clients.get(client);
    if (!state) return;
    state.revoked.unsubscribe();
    this.clients.delete(client);
  }

  private warn(key: string, line: string): void {
    const decision = this.warnings.admit(key);
    if (decision === null) return;
    this.logger.warn(decision.suppressed > 0 ? `${line} (${decision.suppressed} more since the last such line)` : line);
  }
}

/**
 * aedes drops a message whose broker counter is lower than the last one the
 * client received (its guard against duplicates between clustered brokers).
 * With one broker it only does harm: a retained message waits for the
 * persistence while a later plain one overtakes it, and then the retained one
 * (an instance's new state) never reaches the clients that were online. So
 * each client forgets the counters it saw.
 */
function withoutClusterDedupe(client: Client): void {
  (client as unknown as { duplicates: object }).duplicates = new Proxy({}, { get: () => undefined, set: () => true });
}

/** The REST event log's rule on the bus: another owner's instance topics and log entries are not a member's to see. */
export function memberMayReceive(username: string, packet: { topic: string; payload: Buffer | string }): boolean {
  if (packet.topic.startsWith(`${CLOUD_TOPIC_ROOT}/instances/`)) return packet.topic.split('/')[2] === username;
  if (packet.topic === `${CLOUD_TOPIC_ROOT}/events`) {
    try {
      const entry = JSON.parse(packet.payload.toString()) as { owner?: unknown };
      return entry.owner === username;
    } catch {
      return false;
    }
  }
  return true;
}
