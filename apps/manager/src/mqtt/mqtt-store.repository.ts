/** A retained message as kept across restarts. */
export interface RetainedRow {
  topic: string;
  payload: Buffer;
  qos: number;
}

/** A subscription of a client that asked for a persistent session (clean: false). */
export interface SubscriptionRow {
  clientId: string;
  topic: string;
  qos: number;
}

/** A QoS 1 message a persistent session holds for its client until acknowledged. */
export interface QueuedRow {
  clientId: string;
  /** The order of delivery, unique across sessions. */
  position: number;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  brokerId: string;
  brokerCounter: number;
}

/** Where the broker's retained messages and persistent sessions survive a restart. */
export abstract class MqttStoreRepository {
  abstract retained(): RetainedRow[];
  abstract subscriptions(): SubscriptionRow[];
  /** Every session's queued messages, each queue in its order. */
  abstract queued(): QueuedRow[];
  /** One transaction: retained values to set (payload) or clear (null), subscriptions added and removed, clients cleaned, queued messages added and removed. */
  abstract write(change: {
    retained: ReadonlyArray<{ topic: string; packet: RetainedRow | null }>;
    subscribed: readonly SubscriptionRow[];
    unsubscribed: ReadonlyArray<{ clientId: string; topic: string }>;
    cleaned: readonly string[];
    queuedAdded: readonly QueuedRow[];
    queuedRemoved: ReadonlyArray<{ clientId: string; position: number }>;
  }): void;
}
