import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseHealth } from '../storage/database-health.js';
import { MqttStoreRepository, type RetainedRow, type SubscriptionRow } from './mqtt-store.repository.js';
import { OutgoingQueues, QUEUED_BYTES_PER_SESSION, QUEUED_MESSAGES_PER_SESSION, type OutgoingPacket } from './mqtt-outgoing-queues.js';

/** Retained values, subscription changes and queued messages are written this often (and at shutdown), not at every message: an SD card. */
export const MQTT_FLUSH_MS = 5_000;

interface Packet {
  topic: string;
  payload: Buffer;
  qos: number;
}
interface MemoryPersistence {
  storeRetained(packet: Packet): Promise<void>;
  addSubscriptions(client: { id: string; clean?: boolean }, subs: Array<{ topic: string; qos: number }>): Promise<void>;
  removeSubscriptions(client: { id: string; clean?: boolean }, topics: string[]): Promise<void>;
  cleanSubscriptions(client: { id: string; clean?: boolean }): Promise<unknown>;
  outgoingEnqueue(sub: { clientId: string }, packet: OutgoingPacket): Promise<void>;
  outgoingEnqueueCombi(subs: Array<{ clientId: string }>, packet: OutgoingPacket): Promise<void>;
  outgoingUpdate(client: { id: string }, packet: OutgoingPacket): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: { messageId?: number }): Promise<OutgoingPacket | undefined>;
  outgoingStream(client: { id: string }): NodeJS.ReadableStream;
}

/**
 * aedes' in-memory persistence, with what must survive a restart mirrored to
 * the manager's SQLite: retained messages and the subscriptions of clients
 * with clean: false, and the QoS 1 messages those sessions hold for their
 * clients (OutgoingQueues: bounded per session, the oldest dropped first).
 * Changes gather in memory and are written in one transaction every
 * MQTT_FLUSH_MS: a message acknowledged before the next flush is never
 * written; one still waiting is written once.
 */
@Injectable()
export class MqttPersistence implements OnModuleDestroy {
  private readonly logger = new Logger('MQTT');
  private readonly retained = new Map<string, RetainedRow | null>();
  private readonly subscribed = new Map<string, SubscriptionRow>();
  private readonly unsubscribed = new Map<string, { clientId: string; topic: string }>();
  private readonly cleaned = new Set<string>();
  private readonly queues = new OutgoingQueues();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: MqttStoreRepository,
    private readonly database: DatabaseHealth,
  ) {}

  /** The persistence to give aedes, holding what the database kept. */
  async forBroker(): Promise<object> {
    // aedes' own in-memory persistence (CommonJS, a dependency of aedes): a literal require, so that the bundle holds it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AsyncPersistence = require('aedes-persistence/asyncPersistence.js') as new () => MemoryPersistence;
    const memory = new AsyncPersistence();
    const retained = this.repository.retained();
    for (const row of retained) await memory.storeRetained({ cmd: 'publish', topic: row.topic, payload: row.payload, qos: row.qos, retain: true, dup: false } as Packet);
    const byClient = new Map<string, SubscriptionRow[]>();
    for (const row of this.repository.subscriptions()) byClient.set(row.clientId, [...(byClient.get(row.clientId) ?? []), row]);
    for (const [clientId, rows] of byClient) await memory.addSubscriptions({ id: clientId, clean: false }, rows.map(({ topic, qos }) => ({ topic, qos })));
    this.queues.restore(this.repository.queued());
    if (retained.length > 0 || byClient.size > 0) {
      this.logger.log(
        `MQTT: ${retained.length} retained messages and the sessions of ${byClient.size} clients restored, ` +
          `${this.queues.messages} queued messages for ${this.queues.sessions} of them`,
      );
    }

    // The outgoing queues are ours (aedes' keeps them in private fields, unbounded): the same contract, bounded and written in batches.
    const queues = this.queues;
    memory.outgoingEnqueue = async (sub, packet) => queues.enqueue(sub.clientId, packet);
    memory.outgoingEnqueueCombi = async (subs, packet) => {
      for (const sub of subs) queues.enqueue(sub.clientId, packet);
    };
    memory.outgoingUpdate = async (client, packet) => queues.update(client.id, packet);
    memory.outgoingClearMessageId = async (client, packet) => queues.clear(client.id, packet.messageId);
    memory.outgoingStream = (client) => queues.stream(client.id);

    const storeRetained = memory.storeRetained.bind(memory);
    memory.storeRetained = async (packet) => {
      await storeRetained(packet);
      this.retained.set(packet.topic, packet.payload.length === 0 ? null : { topic: packet.topic, payload: Buffer.from(packet.payload), qos: packet.qos });
    };
    const addSubscriptions = memory.addSubscriptions.bind(memory);
    memory.addSubscriptions = async (client, subs) => {
      await addSubscriptions(client, subs);
      if (client.clean !== false) return;
      for (const { topic, qos } of subs) {
        this.unsubscribed.delete(`${client.id}\n${topic}`);
        this.subscribed.set(`${client.id}\n${topic}`, { clientId: client.id, topic, qos });
      }
    };
    const removeSubscriptions = memory.removeSubscriptions.bind(memory);
    memory.removeSubscriptions = async (client, topics) => {
      await removeSubscriptions(client, topics);
      for (const topic of topics) {
        this.subscribed.delete(`${client.id}\n${topic}`);
        this.unsubscribed.set(`${client.id}\n${topic}`, { clientId: client.id, topic });
      }
    };
    const cleanSubscriptions = memory.cleanSubscriptions.bind(memory);
    memory.cleanSubscriptions = async (client) => {
      const answer = await cleanSubscriptions(client);
      for (const key of this.subscribed.keys()) if (key.startsWith(`${client.id}\n`)) this.subscribed.delete(key);
      this.cleaned.add(client.id);
      return answer;
    };
    this.timer = setInterval(() => this.flush(), MQTT_FLUSH_MS).unref();
    return memory;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** Writes what changed since the last flush; kept for the next one when the database refuses. */
  flush(): void {
    const queued = this.queues.changes();
    for (const [clientId, count] of queued.changes.dropped) {
      this.logger.warn(
        `MQTT: dropped the ${count} oldest queued messages of client ${JSON.stringify(clientId)}: a session holds at most ` +
          `${QUEUED_MESSAGES_PER_SESSION} messages and ${QUEUED_BYTES_PER_SESSION / 1024 / 1024} MB for its client`,
      );
    }
    const { added, removed } = queued.changes;
    if (this.retained.size + this.subscribed.size + this.unsubscribed.size + this.cleaned.size + added.length + removed.length === 0) return;
    const change = {
      retained: [...this.retained].map(([topic, packet]) => ({ topic, packet })),
      cleaned: [...this.cleaned],
      subscribed: [...this.subscribed.values()],
      unsubscribed: [...this.unsubscribed.values()],
      queuedAdded: added,
      queuedRemoved: removed,
    };
    try {
      this.database.write(() => this.repository.write(change));
      queued.written();
      this.retained.clear();
      this.subscribed.clear();
      this.unsubscribed.clear();
      this.cleaned.clear();
    } catch (error) {
      this.queues.putBack(queued.changes);
      this.logger.warn(`Could not store the MQTT broker's retained messages, sessions and queued messages: ${(error as Error).message}`);
    }
  }
}
