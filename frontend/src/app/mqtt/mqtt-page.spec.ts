import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { aUser, anAdmin } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { signInAs } from '../../testing/signed-in';
import { StrictFake } from '../../testing/strict-fake';
import { MqttApi, type MqttClientInfo, type MqttInfo } from './mqtt-api';
import { CLIENTS_REFRESH_MS, MAX_PAYLOAD_CHARS, MqttPage } from './mqtt-page';
import { TopicFeed, type FeedListener, type OpenFeed } from './topic-feed';

const INFO: MqttInfo = {
  enabled: true,
  port: 1883,
  host: '192.168.1.10',
  webSocketPath: '/mqtt',
  topicsYouMayUse: ['class/alice/#', 'tinystack/# (read)'],
  examples: {
    subscribe: "mosquitto_sub -h 192.168.1.10 -p 1883 -u alice -P '<your token>' -t 'tinystack/nodes/+/usage' -v",
    publish: "mosquitto_pub -h 192.168.1.10 -p 1883 -u alice -P '<your token>' -t 'class/alice/hello' -m 'hello'",
  },
};
const ROBOT: MqttClientInfo = {
  clientId: 'alice-robot',
  username: 'alice',
  address: '192.168.1.31',
  transport: 'tcp',
  connectedAt: '2025-01-01T09:30:00.000Z',
  messagesIn: 12,
  messagesOut: 3,
  subscriptions: ['class/alice/#'],
};

/** The feed the page opens, as a test drives it: what it was asked for, and a way to send it messages. */
class FakeTopicFeed extends TopicFeed {
  readonly opened: Array<{ url: string; filters: readonly string[]; listener: FeedListener; closed: boolean }> = [];

  open(url: string, filters: readonly string[], listener: FeedListener): OpenFeed {
    const feed = { url, filters, listener, closed: false };
    this.opened.push(feed);
    return { close: () => (feed.closed = true) };
  }

  send(topic: string, payload: string | Uint8Array, retained = false): void {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    this.opened.at(-1)!.listener.message({ topic, payload: bytes, retained });
  }
}

describe('MqttPage', () => {
  let api: StrictFake<MqttApi>;
  let clients: ReturnType<typeof vi.fn<MqttApi['clients']>>;
  let feed: FakeTopicFeed;
  let fixture: ComponentFixture<MqttPage>;
  let element: HTMLElement;

  async function open(user = aUser({ username: 'alice' }), info: MqttApi['info'] = async () => INFO): Promise<void> {
    api = new StrictFake(MqttApi, ['info', 'clients'], { info, clients });
    feed = new FakeTopicFeed();
    TestBed.configureTestingModule({ providers: [{ provide: MqttApi, useValue: api.api }, { provide: TopicFeed, useValue: feed }] });
    signInAs(user);
    fixture = TestBed.createComponent(MqttPage);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  beforeEach(() => {
    clients = vi.fn(async () => [ROBOT]);
  });

  afterEach(() => {
    vi.useRealTimers();
    api.verify();
  });

  const text = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
  const topicRows = () =>
    [...element.querySelectorAll('[data-testid="mqtt-topic-row"]')].map((row) => [row.getAttribute('data-topic'), row.querySelector('[data-testid="mqtt-topic-payload"]')!.textContent!.trim()]);

  it("shows the broker's address and the viewer's mosquitto examples, with a placeholder for the token", async () => {
    await open();
    expect(text('mqtt-address')).toBe('192.168.1.10:1883');
    expect(text('mqtt-example-subscribe')).toBe(INFO.examples.subscribe);
    expect(text('mqtt-example-publish')).toBe(INFO.examples.publish);
    expect(element.textContent).toContain('class/alice/#');
  });

  it('lists the connected clients with their user, address, transport, since when and message counts, and reads them again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await open();
    const row = element.querySelector('[data-testid="mqtt-client-row"]')!;
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim());
    expect(cells).toEqual(['alice-robot', 'alice', '192.168.1.31', 'TCP', new Date(ROBOT.connectedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }), '12', '3']);
    expect(element.querySelector('caption')!.textContent).toContain('Your clients');
    clients.mockResolvedValue([]);
    vi.advanceTimersByTime(CLIENTS_REFRESH_MS);
    await settle(fixture);
    expect(clients).toHaveBeenCalledTimes(2);
    expect(element.textContent).toContain('No client is connected.');
  });

  it("says the admin sees every client, and says why the list could not be read", async () => {
    clients = vi.fn(async () => {
      throw new ApiError(503, 'the manager is starting');
    });
    await open(anAdmin());
    expect(element.querySelector('caption')!.textContent).toContain('Every client connected');
    expect(element.querySelector('[role="alert"]')!.textContent).toContain('the manager is starting');
  });

  it("subscribes over WebSocket at /mqtt to the viewer's space and tinystack/#, and shows the last message per topic", async () => {
    await open();
    expect(feed.opened).toHaveLength(1);
    expect(feed.opened[0]).toMatchObject({ url: `ws://${location.host}/mqtt`, filters: ['class/alice/#', 'tinystack/#'] });
    expect(text('mqtt-feed-status')).toBe('Connecting to the broker…');
    feed.opened[0]!.listener.status('live');
    feed.send('tinystack/nodes/pi-1/usage', '{"cpuPercent":12}', true);
    feed.send('class/alice/temp', '21.5');
    feed.send('class/alice/temp', '21.7');
    feed.send('class/alice/blob', new Uint8Array([0xff, 0xfe, 0x00]));
    feed.send('class/alice/long', 'x'.repeat(MAX_PAYLOAD_CHARS + 10));
    await settle(fixture);
    expect(text('mqtt-feed-status')).toBe('Live');
    expect(topicRows()).toEqual([
      ['class/alice/blob', '(binary, 3 bytes)'],
      ['class/alice/long', `${'x'.repeat(MAX_PAYLOAD_CHARS)}… (${MAX_PAYLOAD_CHARS + 10} bytes)`],
      ['class/alice/temp', '21.7'],
      ['tinystack/nodes/pi-1/usage', '{"cpuPercent":12}'],
    ]);
    expect(element.querySelector('[data-topic="class/alice/temp"]')!.textContent).toContain('2');
    expect(element.querySelector('[data-topic="tinystack/nodes/pi-1/usage"]')!.textContent).toContain('(retained)');

    // An empty retained message clears its topic.
    feed.send('tinystack/nodes/pi-1/usage', '', true);
    feed.opened[0]!.listener.status('reconnecting', 'the connection to the broker was lost');
    await settle(fixture);
    expect(topicRows().map(([topic]) => topic)).not.toContain('tinystack/nodes/pi-1/usage');
    expect(text('mqtt-feed-status')).toBe('Reconnecting to the broker…: the connection to the broker was lost');

    fixture.destroy();
    expect(feed.opened[0]!.closed).toBe(true);
  });

  it('opens no feed when the broker is off, and says so', async () => {
    await open(aUser({ username: 'alice' }), async () => ({ ...INFO, enabled: false, port: null }));
    expect(feed.opened).toEqual([]);
    expect(text('mqtt-off')).toContain('MQTT_ENABLED=false');
    expect(element.querySelector('[data-testid="mqtt-feed-status"]')).toBeNull();
  });
});
