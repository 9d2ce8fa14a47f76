import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, computed, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { Session } from '../session/session';
import { MqttApi, type MqttClientInfo, type MqttInfo } from './mqtt-api';
import { TopicFeed, type FeedStatus, type OpenFeed, type TopicMessage } from './topic-feed';

/** The clients list is read again this often while the page is open (the broker has no event for it). */
export const CLIENTS_REFRESH_MS = 5_000;
/** The live view keeps this many topics (the least recently updated go first) and shows this much of each payload. */
export const MAX_TOPICS = 200;
export const MAX_PAYLOAD_CHARS = 300;
/** The cloud's own topics, read-only for everyone. */
const CLOUD_FILTER = 'tinystack/#';

export interface TopicRow {
  topic: string;
  text: string;
  at: Date;
  retained: boolean;
  count: number;
}

const STATUS_TEXT: Record<FeedStatus, string> = {
  connecting: 'Connecting to the broker…',
  live: 'Live',
  reconnecting: 'Reconnecting to the broker…',
  closed: 'Not connected',
};

/**
 * The class's MQTT broker: how a device reaches it (address, port, the
 * viewer's topics, mosquitto examples), the clients connected now (the
 * viewer's own; an admin's: everyone's) and a live view of the viewer's own
 * space and tinystack/#, the last message on each topic, received over MQTT
 * on WebSocket with the session cookie.
 */
@Component({
  selector: 'ts-mqtt-page',
  templateUrl: './mqtt-page.html',
  styleUrl: './mqtt-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MqttPage {
  private readonly api = inject(MqttApi);
  private readonly feed = inject(TopicFeed);
  private readonly location = inject(DOCUMENT).location;
  protected readonly session = inject(Session);

  protected readonly info = signal<MqttInfo | null>(null);
  protected readonly infoError = signal<string | null>(null);
  protected readonly clients = signal<MqttClientInfo[]>([]);
  protected readonly clientsLoaded = signal(false);
  protected readonly clientsError = signal<string | null>(null);
  protected readonly status = signal<FeedStatus>('closed');
  protected readonly statusDetail = signal<string | null>(null);
  protected readonly topics = signal<TopicRow[]>([]);
  protected readonly statusText = computed(() => STATUS_TEXT[this.status()]);
  /** What the live view subscribes to: the viewer's own space and the cloud's topics. */
  protected readonly filters = computed(() => {
    const username = this.session.user()?.username;
    return username ? [`class/${username}/#`, CLOUD_FILTER] : [CLOUD_FILTER];
  });

  private readonly byTopic = new Map<string, TopicRow>();
  private open: OpenFeed | null = null;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor() {
    const timer = setInterval(() => void this.loadClients(), CLIENTS_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      this.open?.close();
      this.open = null;
    });
    void this.loadInfo();
    void this.loadClients();
  }

  protected since(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  }

  protected time(at: Date): string {
    return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  private async loadInfo(): Promise<void> {
    try {
      const info = await this.api.info();
      this.info.set(info);
      this.infoError.set(null);
      if (info.enabled) this.openFeed(info.webSocketPath);
    } catch (error) {
      this.infoError.set(describeFailure(error));
    }
  }

  private async loadClients(): Promise<void> {
    try {
      this.clients.set(await this.api.clients());
      this.clientsError.set(null);
    } catch (error) {
      this.clientsError.set(describeFailure(error));
    } finally {
      this.clientsLoaded.set(true);
    }
  }

  private openFeed(path: string): void {
    if (this.open) return;
    const scheme = this.location.protocol === 'https:' ? 'wss' : 'ws';
    this.status.set('connecting');
    this.open = this.feed.open(`${scheme}://${this.location.host}${path}`, this.filters(), {
      message: (message) => this.received(message),
      status: (status, detail) => {
        this.status.set(status);
        this.statusDetail.set(detail ?? null);
      },
    });
  }

  private received(message: TopicMessage): void {
    // An empty retained message clears the topic (an instance deleted, a node removed): it leaves the view.
    if (message.retained && message.payload.length === 0) {
      if (this.byTopic.delete(message.topic)) this.publishRows();
      return;
    }
    const known = this.byTopic.get(message.topic);
    this.byTopic.delete(message.topic);
    this.byTopic.set(message.topic, { topic: message.topic, text: this.textOf(message.payload), at: new Date(), retained: message.retained, count: (known?.count ?? 0) + 1 });
    // The Map is in order of the last update: the first entries are the stalest.
    while (this.byTopic.size > MAX_TOPICS) this.byTopic.delete(this.byTopic.keys().next().value!);
    this.publishRows();
  }

  private publishRows(): void {
    this.topics.set([...this.byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)));
  }

  private textOf(payload: Uint8Array): string {
    if (payload.length === 0) return '(empty)';
    let text: string;
    try {
      text = this.decoder.decode(payload);
    } catch {
      return `(binary, ${payload.length} bytes)`;
    }
    return text.length > MAX_PAYLOAD_CHARS ? `${text.slice(0, MAX_PAYLOAD_CHARS)}… (${payload.length} bytes)` : text;
  }
}
