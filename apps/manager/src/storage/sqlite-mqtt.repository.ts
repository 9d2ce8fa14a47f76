import { Injectable } from '@nestjs/common';
import type { Transaction } from 'better-sqlite3';
import { MqttStoreRepository, type QueuedRow, type RetainedRow, type SubscriptionRow } from '../mqtt/mqtt-store.repository.js';
import { ManagerDatabase } from './manager-database.js';

type Change = Parameters<MqttStoreRepository['write']>[0];

@Injectable()
export class SqliteMqttRepository extends MqttStoreRepository {
  private readonly writeAll: Transaction<(change: Change) => void>;

  constructor(private readonly database: ManagerDatabase) {
    super();
    const db = database.connection;
    const setRetained = db.prepare<[RetainedRow]>(
      'INSERT INTO mqtt_retained (topic, payload, qos) VALUES (@topic, @payload, @qos) ON CONFLICT(topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos',
    );
    const clearRetained = db.prepare<[string]>('DELETE FROM mqtt_retained WHERE topic = ?');
    const subscribe = db.prepare<[SubscriptionRow]>(
      'INSERT INTO mqtt_subscriptions (client_id, topic, qos) VALUES (@clientId, @topic, @qos) ON CONFLICT(client_id, topic) DO UPDATE SET qos = excluded.qos',
    );
    const unsubscribe = db.prepare<[string, string]>('DELETE FROM mqtt_subscriptions WHERE client_id = ? AND topic = ?');
    const clean = db.prepare<[string]>('DELETE FROM mqtt_subscriptions WHERE client_id = ?');
    const enqueue = db.prepare<[Record<string, unknown>]>(
      'INSERT OR REPLACE INTO mqtt_queued (client_id, position, topic, payload, qos, retain, broker_id, broker_counter) ' +
        'VALUES (@clientId, @position, @topic, @payload, @qos, @retain, @brokerId, @brokerCounter)',
    );
    const dequeue = db.prepare<[string, number]>('DELETE FROM mqtt_queued WHERE client_id = ? AND position = ?');
    this.writeAll = db.transaction((change: Change) => {
      for (const { topic, packet } of change.retained) {
        if (packet) setRetained.run(packet);
        else clearRetained.run(topic);
      }
      for (const clientId of change.cleaned) clean.run(clientId);
      for (const row of change.subscribed) subscribe.run(row);
      for (const row of change.unsubscribed) unsubscribe.run(row.clientId, row.topic);
      for (const row of change.queuedAdded) enqueue.run({ ...row, retain: row.retain ? 1 : 0 });
      for (const row of change.queuedRemoved) dequeue.run(row.clientId, row.position);
    });
  }

  retained(): RetainedRow[] {
    return this.database.connection.prepare<[], RetainedRow>('SELECT topic, payload, qos FROM mqtt_retained ORDER BY topic').all();
  }

  subscriptions(): SubscriptionRow[] {
    return this.database.connection
      .prepare<[], SubscriptionRow>('SELECT client_id AS clientId, topic, qos FROM mqtt_subscriptions ORDER BY client_id, topic')
      .all();
  }

  queued(): QueuedRow[] {
    return this.database.connection
      .prepare<[], Omit<QueuedRow, 'retain'> & { retain: number }>(
        'SELECT client_id AS clientId, position, topic, payload, qos, retain, broker_id AS brokerId, broker_counter AS brokerCounter FROM mqtt_queued ORDER BY position',
      )
      .all()
      .map((row) => ({ ...row, retain: row.retain === 1 }));
  }

  write(change: Change): void {
    this.writeAll(change);
  }
}
