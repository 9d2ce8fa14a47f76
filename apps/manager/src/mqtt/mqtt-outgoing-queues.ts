import { Readable } from 'node:stream';
import type { QueuedRow } from './mqtt-store.repository.js';

/** A session keeps at most this many QoS 1 messages waiting for its client, and at most this many bytes of them: then the oldest go. */
export const QUEUED_MESSAGES_PER_SESSION = 1000;
export const QUEUED_BYTES_PER_SESSION = 2 * 1024 * 1024;

/** The fields aedes' packets carry through its outgoing queue (aedes-packet's Packet). */
export interface OutgoingPacket {
  cmd: string;
  brokerId: string;
  brokerCounter: number;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  dup: boolean;
  messageId?: number;
  properties?: unknown;
  clientId?: string;
  nl?: boolean;
}

interface Entry {
  packet: OutgoingPacket;
  /** Unique across sessions and restarts: the row's key and the order of delivery. */
  position: number;
  bytes: number;
  /** In the database already (a later removal must delete its row). */
  written: boolean;
}

/** What changed since the last write: rows to insert, rows to delete, and how many messages each session lost to its bound. */
export interface QueueChanges {
  added: QueuedRow[];
  removed: Array<{ clientId: string; position: number }>;
  dropped: Map<string, number>;
}

/**
 * The outgoing queues of aedes' persistence (the QoS 1 messages a session
 * holds for its client until the PUBACK), the same rules as aedes' memory
 * persistence, plus what that lacks: a bound per session (the oldest
 * message goes first) and a record of what changed, so that the manager
 * writes to disk only the messages still waiting at its next flush, once
 * each: a message delivered and acknowledged in between never reaches the
 * SD card.
 */
export class OutgoingQueues {
  private readonly queues = new Map<string, Entry[]>();
  private readonly bytes = new Map<string, number>();
  private removed: Array<{ clientId: string; position: number }> = [];
  private dropped = new Map<string, number>();
  private nextPosition = 1;

  constructor(private readonly limits: { messages: number; bytes: number } = { messages: QUEUED_MESSAGES_PER_SESSION, bytes: QUEUED_BYTES_PER_SESSION }) {}

  /** The queues the database kept, in their order. */
  restore(rows: readonly QueuedRow[]): void {
    for (const row of rows) {
      const packet: OutgoingPacket = {
        cmd: 'publish',
        brokerId: row.brokerId,
        brokerCounter: row.brokerCounter,
        topic: row.topic,
        payload: row.payload,
        qos: row.qos,
        retain: row.retain,
        dup: false,
        messageId: undefined,
      };
      this.push(row.clientId, { packet, position: row.position, bytes: row.payload.length + row.topic.length, written: true });
      this.nextPosition = Math.max(this.nextPosition, row.position + 1);
    }
  }

  get sessions(): number {
    return this.queues.size;
  }

  get messages(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  enqueue(clientId: string, packet: OutgoingPacket): void {
    const copy = copyOf(packet);
    this.push(clientId, { packet: copy, position: this.nextPosition++, bytes: copy.payload.length + copy.topic.length, written: false });
    const queue = this.queues.get(clientId)!;
    let dropped = 0;
    while (queue.length > 1 && (queue.length > this.limits.messages || this.bytes.get(clientId)! > this.limits.bytes)) {
      this.remove(clientId, queue, 0);
      dropped += 1;
    }
    if (dropped > 0) this.dropped.set(clientId, (this.dropped.get(clientId) ?? 0) + dropped);
  }

  /** aedes gave the message its packet id (or, in QoS 2, replaced it with the PUBREL): aedes' memory persistence's rule. */
  update(clientId: string, packet: OutgoingPacket): void {
    const queue = this.queues.get(clientId) ?? [];
    for (const entry of queue) {
      const held = entry.packet;
      if (held.brokerId === packet.brokerId) {
        if (held.brokerCounter === packet.brokerCounter) {
          held.messageId = packet.messageId;
          return;
        }
        // Packet ids wrap at 65535: the same id with another counter is another message; keep looking.
      } else if (held.messageId === packet.messageId) {
        entry.packet = packet;
        return;
      }
    }
    throw new Error('no such packet');
  }

  /** The client acknowledged the message with this packet id (or aedes gave up on it): it leaves the queue. */
  clear(clientId: string, messageId: number | undefined): OutgoingPacket | undefined {
    const queue = this.queues.get(clientId);
    if (!queue) return undefined;
    const index = queue.findIndex((entry) => entry.packet.messageId === messageId);
    if (index < 0) return undefined;
    const [entry] = this.remove(clientId, queue, index);
    return entry!.packet;
  }

  /** What the client has waiting, oldest first (a copy of the list: aedes clears entries while it reads). */
  stream(clientId: string): Readable {
    return Readable.from((this.queues.get(clientId) ?? []).map((entry) => entry.packet));
  }

  /** The changes since the last write; `written` marks them stored (call it when the transaction committed). */
  changes(): { changes: QueueChanges; written: () => void } {
    const added: QueuedRow[] = [];
    const addedEntries: Entry[] = [];
    for (const [clientId, queue] of this.queues) {
      for (const entry of queue) {
        // A QoS 2 PUBREL is not a message to deliver again after a restart; only publishes are stored.
        if (entry.written || entry.packet.cmd !== 'publish') continue;
        const { packet } = entry;
        added.push({ clientId, position: entry.position, topic: packet.topic, payload: packet.payload, qos: packet.qos, retain: packet.retain, brokerId: packet.brokerId, brokerCounter: packet.brokerCounter });
        addedEntries.push(entry);
      }
    }
    const removed = this.removed;
    const dropped = this.dropped;
    this.removed = [];
    this.dropped = new Map();
    return {
      changes: { added, removed, dropped },
      written: () => {
        for (const entry of addedEntries) entry.written = true;
      },
    };
  }

  /** A write failed: its removals wait for the next one (the additions are still unwritten). */
  putBack(changes: QueueChanges): void {
    this.removed.push(...changes.removed);
  }

  private push(clientId: string, entry: Entry): void {
    let queue = this.queues.get(clientId);
    if (!queue) this.queues.set(clientId, (queue = []));
    queue.push(entry);
    this.bytes.set(clientId, (this.bytes.get(clientId) ?? 0) + entry.bytes);
  }

  private remove(clientId: string, queue: Entry[], index: number): Entry[] {
    const removed = queue.splice(index, 1);
    for (const entry of removed) {
      this.bytes.set(clientId, this.bytes.get(clientId)! - entry.bytes);
      if (entry.written) this.removed.push({ clientId, position: entry.position });
    }
    if (queue.length === 0) {
      this.queues.delete(clientId);
      this.bytes.delete(clientId);
    }
    return removed;
  }
}

/** aedes-packet's copy: the queue holds its own packet, whose packet id aedes sets later. */
function copyOf(packet: OutgoingPacket): OutgoingPacket {
  const copy: OutgoingPacket = {
    cmd: packet.cmd || 'publish',
    brokerId: packet.brokerId,
    brokerCounter: packet.brokerCounter,
    topic: packet.topic,
    payload: packet.payload ?? Buffer.alloc(0),
    qos: packet.qos || 0,
    retain: packet.retain || false,
    dup: packet.dup || false,
    messageId: undefined,
  };
  if (Object.prototype.hasOwnProperty.call(packet, 'clientId')) copy.clientId = packet.clientId;
  if (Object.prototype.hasOwnProperty.call(packet, 'nl')) copy.nl = packet.nl;
  if (Object.prototype.hasOwnProperty.call(packet, 'properties')) copy.properties = packet.properties;
  return copy;
}
