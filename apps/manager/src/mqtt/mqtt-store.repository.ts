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

/** Where the broker's retained messages and persistent sessions survive a restart. */
export abstract class MqttStoreRepository {
  abstract retained(): RetainedRow[];
  abstract subscriptions(): SubscriptionRow[];
  /** One transaction: retained values to set (payload) or clear (null), subscriptions added and removed, clients cleaned. */
  abstract write(change: {
    retained: ReadonlyArray<{ topic: string; packet: RetainedRow | null }>;
    subscribed: readonly SubscriptionRow[];
    unsubscribed: ReadonlyArray<{ clientId: string; topic: string }>;
    cleaned: readonly string[];
  }): void;
}
