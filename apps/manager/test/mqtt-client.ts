import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { waitFor } from './wait-for.js';

export interface ReceivedMessage {
  topic: string;
  payload: string;
  retain: boolean;
  at: number;
}

/**
 * A real MQTT client (npm `mqtt`) that keeps every message it receives, for
 * tests and the bench: connect, subscribe, wait for what should arrive.
 */
export class MqttTestClient {
  readonly messages: ReceivedMessage[] = [];
  closed = false;

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => this.messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, at: Date.now() }));
    client.on('close', () => (this.closed = true));
  }

  /** Connects over TCP (`mqtt://127.0.0.1:<port>`) or WebSocket (`ws://.../mqtt`); a refused CONNACK rejects with mqtt's error (code 5: not authorized). */
  static async connect(url: string, options: IClientOptions = {}): Promise<MqttTestClient> {
    // Listening before the CONNACK: a resumed session's queued messages may come in the same read.
    const tested = new MqttTestClient(connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...options }));
    const { client } = tested;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        client.off('connect', onConnect).off('error', onError).off('close', onClose);
        if (error) {
          client.end(true);
          reject(error);
        } else resolve();
      };
      const onConnect = () => settle();
      const onError = (error: Error) => settle(error);
      const onClose = () => settle(new Error(`could not connect to ${url}`));
      client.on('connect', onConnect).on('error', onError).on('close', onClose);
    });
    return tested;
  }

  /** The granted QoS of each filter: 128 for a refused one. */
  async subscribe(filters: string[], qos: 0 | 1 = 0): Promise<number[]> {
    try {
      const granted = await this.client.subscribeAsync(filters, { qos });
      return granted.map((grant) => grant.qos);
    } catch (error) {
      // mqtt rejects a SUBACK with a refused filter; its packet still says which.
      const granted = (error as { packet?: { granted?: number[] } }).packet?.granted;
      if (granted) return granted;
      throw error;
    }
  }

  async publish(topic: string, payload: string | Buffer, options: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<void> {
    await this.client.publishAsync(topic, payload, { retain: options.retain ?? false, qos: options.qos ?? 0 });
  }

  /** The first message received on `topic` that passes `matches`, waiting up to `timeoutMs`. */
  next(topic: string, timeoutMs: number, matches: (message: ReceivedMessage) => boolean = () => true): Promise<ReceivedMessage> {
    return waitFor(`an MQTT message on ${topic}`, timeoutMs, async () => this.messages.find((message) => message.topic === topic && matches(message)));
  }

  on(topic: string): ReceivedMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  waitClosed(timeoutMs: number): Promise<true> {
    return waitFor('the MQTT connection to close', timeoutMs, async () => (this.closed ? true : undefined));
  }

  async end(): Promise<void> {
    if (!this.closed) await this.client.endAsync(true);
  }
}
