import { Injectable } from '@angular/core';
import type { MqttClient } from 'mqtt';

/** One message as the live view shows it. */
export interface TopicMessage {
  topic: string;
  payload: Uint8Array;
  /** Sent from the broker's store on subscribe (the last known value), not just published. */
  retained: boolean;
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface FeedListener {
  message(message: TopicMessage): void;
  /** After open (which the caller shows as connecting): `detail` says why, for a refused filter or a lost connection. */
  status(status: FeedStatus, detail?: string): void;
}

/** An open subscription: close() ends it and its connection. */
export interface OpenFeed {
  close(): void;
}

/** Wait this long before reconnecting after the connection was lost: the broker restarts with the manager. */
export const FEED_RECONNECT_MS = 5_000;

/**
 * The broker's messages on some topic filters, as the console receives them
 * over MQTT on WebSocket at /mqtt, signed in with the session cookie. The
 * MQTT page depends on this port; MqttTopicFeed implements it with the
 * `mqtt` package, tests provide a fake.
 */
@Injectable({ providedIn: 'root', useFactory: () => new MqttTopicFeed() })
export abstract class TopicFeed {
  abstract open(url: string, filters: readonly string[], listener: FeedListener): OpenFeed;
}

/**
 * `mqtt`'s browser build (dist/mqtt.esm.js: its Node parts replaced for the
 * browser), imported when a feed opens: its own chunk, downloaded by the MQTT
 * page only. The broker takes the session cookie that comes with the
 * WebSocket upgrade, so CONNECT carries no username or password.
 */
export class MqttTopicFeed extends TopicFeed {
  open(url: string, filters: readonly string[], listener: FeedListener): OpenFeed {
    let client: MqttClient | null = null;
    let closed = false;
    void import('mqtt').then(
      ({ default: mqtt }) => {
        if (closed) return;
        client = mqtt.connect(url, {
          protocolVersion: 4,
          clean: true,
          clientId: `console-${randomSuffix()}`,
          reconnectPeriod: FEED_RECONNECT_MS,
          connectTimeout: 10_000,
          resubscribe: true,
        });
        client.on('connect', () => {
          // A refused filter (SUBACK 128) fails the whole call in mqtt; the others still deliver.
          client?.subscribe([...filters], { qos: 0 }, (error) => listener.status('live', error ? `a subscription was refused: ${error.message}` : undefined));
        });
        client.on('message', (topic, payload, packet) => listener.message({ topic, payload, retained: packet.retain }));
        client.on('reconnect', () => listener.status('reconnecting'));
        client.on('offline', () => listener.status('reconnecting', 'the connection to the broker was lost'));
        client.on('error', (error) => listener.status('reconnecting', error.message));
      },
      (error: unknown) => listener.status('closed', `could not load the MQTT client: ${error instanceof Error ? error.message : String(error)}`),
    );
    return {
      close: () => {
        closed = true;
        client?.end(true);
        client = null;
      },
    };
  }
}

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
