import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { LedStatus, UsageHistory, UsagePoint } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aLedStatus, aNode, aUser, anAdmin, NODE_ID, OTHER_NODE_ID } from '../../testing/manager-fixtures';
import { signInAs } from '../../testing/signed-in';
import { Session } from '../session/session';
import { settle } from '../../testing/settle';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { NodeDetail } from './node-detail';

function point(at: string, cpuPercent: number): UsagePoint {
  return {
    at,
    cpuPercent,
    memoryPercent: 40,
    memoryUsedBytes: 400_000_000,
    memoryTotalBytes: 1_000_000_000,
    networkRxBytesPerSecond: 100,
    networkTxBytesPerSecond: 50,
    iops: 1,
    runningInstances: 0,
    totalInstances: 0,
    temperatureCelsius: null,
    pollLatencyMs: 5,
  };
}

describe('NodeDetail', () => {
  let api: StrictManagerApi;
  let live: FakeLiveEvents;
  let led: ReturnType<typeof vi.fn<(id: string) => Promise<LedStatus>>>;
  let identify: ReturnType<typeof vi.fn<(id: string, seconds: number) => Promise<LedStatus>>>;
  let fixture: ComponentFixture<NodeDetail>;
  let element: HTMLElement;

  beforeEach(async () => {
    led = vi.fn<(id: string) => Promise<LedStatus>>().mockResolvedValue(aLedStatus([0, 0, 0, 0, 0, 0, 0, 0]));
    identify = vi.fn<(id: string, seconds: number) => Promise<LedStatus>>();
    const history: UsageHistory = {
      nodeId: NODE_ID,
      from: '2025-01-01T09:00:00.000Z',
      to: '2025-01-01T10:00:00.000Z',
      intervalMs: 10_000,
      points: [point('2025-01-01T09:59:40.000Z', 10), point('2025-01-01T09:59:50.000Z', 20)],
    };
    api = new StrictManagerApi({ listNodes: async () => [aNode()], usageHistory: async () => history, led, identify });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ManagerApi, useValue: api.api },
        { provide: LiveEvents, useValue: live.asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
    fixture = TestBed.createComponent(NodeDetail);
    fixture.componentRef.setInput('id', NODE_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => api.verify());

  const litCount = () => element.querySelectorAll('circle.lit').length;
  const cpuNow = () => element.querySelector('ts-usage-chart figcaption .latest')!.textContent!.trim();

  it("mirrors the node's LED frame and re-reads it on each usage event of this node only", async () => {
    expect(led).toHaveBeenCalledTimes(1);
    expect(led).toHaveBeenCalledWith(NODE_ID);
    expect(litCount()).toBe(0);

    led.mockResolvedValue(aLedStatus([0b111, 0b1, 0, 0, 0, 0, 0, 0]));
    live.emit({ type: 'node-usage', at: '2025-01-01T10:00:00.000Z', node: aNode(), instanceFigures: [] });
    live.emit({ type: 'node-usage', at: '2025-01-01T10:00:00.000Z', node: aNode({ id: OTHER_NODE_ID }), instanceFigures: [] });
    await settle(fixture);
    expect(led).toHaveBeenCalledTimes(2);
    expect(litCount()).toBe(4);
  });

  it('re-reads the frame when the instance list of this node changes (the containers row)', async () => {
    live.emit({ type: 'instances', at: '2025-01-01T10:00:00.000Z', nodeId: NODE_ID, nodeName: 'pi-node-1', instances: [] });
    await settle(fixture);
    expect(led).toHaveBeenCalledTimes(2);
  });

  it('extends the charts with the figures of each usage event', async () => {
    expect(cpuNow()).toBe('CPU 20.0 %');
    live.emit({
      type: 'node-usage',
      at: '2025-01-01T10:00:00.000Z',
      node: aNode({ usage: { ...aNode().usage!, cpuPercent: 66 } }),
      instanceFigures: [],
    });
    await settle(fixture);
    expect(cpuNow()).toBe('CPU 66.0 %');
    const line = element.querySelector('ts-usage-chart polyline')!.getAttribute('points')!;
    expect(line.split(' ')).toHaveLength(3);
  });

  it('offers Identify to the teacher (admin) only: a member sees the LEDs and figures without it', async () => {
    expect(element.querySelector('[data-testid="identify"]')).not.toBeNull();
    TestBed.inject(Session).signedIn({ user: aUser(), csrfToken: 'c' });
    await settle(fixture);
    expect(element.querySelector('[data-testid="identify"]')).toBeNull();
    expect(element.querySelector('.matrix')).not.toBeNull();
  });

  it('asks the board to identify itself and shows the blinking frame, or why it could not', async () => {
    identify.mockResolvedValueOnce(aLedStatus(new Array(8).fill(255), { identifying: true }));
    element.querySelector<HTMLButtonElement>('[data-testid="identify"]')!.click();
    await settle(fixture);
    expect(identify).toHaveBeenCalledWith(NODE_ID, 5);
    expect(litCount()).toBe(64);
    expect(element.querySelector('.matrix')!.classList).toContain('identifying');
    expect(element.textContent).toContain("The board's LEDs blink for 5 s.");

    identify.mockRejectedValueOnce(new ApiError(502, 'Node "pi-node-1" at http://10.0.0.21:7001 could not be reached'));
    element.querySelector<HTMLButtonElement>('[data-testid="identify"]')!.click();
    await settle(fixture);
    expect(element.textContent).toContain('Could not identify the board: Node "pi-node-1" at http://10.0.0.21:7001 could not be reached');
  });

  const field = (label: string) =>
    [...element.querySelectorAll('dt')].find((term) => term.textContent === label)!.nextElementSibling!.textContent!.trim();

  it("shows the node's action lane and its reserved creates, and follows them as the node's events bring them", async () => {
    expect(field('Actions')).toBe('none');
    expect(field('Reserved')).toBe('none');
    live.emit({
      type: 'node-usage',
      at: '2025-01-01T10:00:02.000Z',
      node: aNode({ actions: { running: 4, queued: 2, oldestQueuedMs: 3240 }, reservedInstances: 1 }),
      instanceFigures: [],
    });
    await settle(fixture);
    expect(field('Actions')).toBe('4 running, 2 queued (the oldest waiting for 3.2 s)');
    expect(field('Reserved')).toBe('1 create in flight');
  });

  it('shows a FAULTY node like an UNREACHABLE one: the error, stale figures marked, and no identify', async () => {
    live.emit({
      type: 'node-state',
      at: '2025-01-01T10:00:05.000Z',
      previousState: 'ACTIVE',
      node: aNode({ state: 'FAULTY', lastError: 'GET /usage: the answer is larger than 1 MB', usageStale: true }),
    });
    await settle(fixture);
    expect(element.querySelector('[data-testid="node-state"]')!.textContent!.trim()).toBe('✖ FAULTY');
    expect(element.querySelector('[data-testid="node-faulty"]')!.textContent).toContain(
      'it answers, but broke the compute contract: GET /usage: the answer is larger than 1 MB',
    );
    expect(element.querySelector('#figures-heading')!.textContent).toBe('Last good figures');
    expect(element.querySelector('[data-testid="usage-stale"]')!.textContent).toContain('before the node became FAULTY');
    expect(field('CPU')).toBe('12.5 %');
    const identifyButton = element.querySelector<HTMLButtonElement>('[data-testid="identify"]')!;
    expect(identifyButton.getAttribute('aria-disabled')).toBe('true');
    identifyButton.click();
    await settle(fixture);
    expect(identify).not.toHaveBeenCalled();
  });
});
