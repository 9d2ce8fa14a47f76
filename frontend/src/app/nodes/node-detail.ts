import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { LedStatus, ManagerEvent, ManagerNode, UsagePoint } from '../api/manager-api.types';
import { isOutOfService } from '../instances/instance-host';
import { LiveEvents } from '../live/live-events';
import { Session } from '../session/session';
import { LedMatrix } from './led-matrix';
import { NodesStore } from './nodes-store';
import { UsageChart, type ChartSeries } from './usage-chart';
import { ReadinessChecks } from './readiness/readiness-checks';
import {
  formatIops,
  formatLatency,
  formatMegabytes,
  formatPercent,
  formatRate,
  formatSeconds,
  formatTemperature,
  formatTime,
} from './usage-format';

const HISTORY_SPAN_MS = 60 * 60 * 1000;
const IDENTIFY_SECONDS = 5;

/** A usage event's figures as one more history point. */
function pointOf(at: string, node: ManagerNode): UsagePoint | null {
  if (!node.usage) return null;
  const { hostname: _hostname, sampledAt: _sampledAt, ...figures } = node.usage;
  return { ...figures, at, pollLatencyMs: node.pollLatencyMs };
}

/**
 * One node: its LED matrix mirrored, its figures and their last hour. All of
 * it follows the live events: a node-usage event of this node extends the
 * charts and re-reads the LED frame (the manager polls the node at its own
 * pace, so the frame is fetched no more often than the figures change; an
 * instances event re-reads it too, since the top row counts containers).
 */
@Component({
  selector: 'ts-node-detail',
  imports: [RouterLink, LedMatrix, UsageChart, ReadinessChecks],
  templateUrl: './node-detail.html',
  styleUrl: './node-detail.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NodeDetail {
  private readonly api = inject(ManagerApi);
  private readonly nodes = inject(NodesStore);
  /** Identify is the teacher's (admin's): a member sees the board's figures and LEDs only. */
  protected readonly isAdmin = inject(Session).isAdmin;

  /** The node id, from the route. */
  readonly id = input.required<string>();

  protected readonly node = computed(() => this.nodes.nodes().find((node) => node.id === this.id()));
  protected readonly nodesLoaded = this.nodes.loaded;
  protected readonly history = signal<UsagePoint[]>([]);
  protected readonly historyError = signal<string | null>(null);
  /** Three missed history points in a row break the chart lines. */
  protected readonly gapMs = signal(30_000);
  protected readonly led = signal<LedStatus | null>(null);
  protected readonly ledError = signal<string | null>(null);
  protected readonly identifying = signal(false);
  protected readonly identifyResult = signal<{ text: string; failed: boolean } | null>(null);
  private ledReading = false;
  private ledReadAgain = false;

  protected readonly percent = formatPercent;
  protected readonly rate = formatRate;
  protected readonly iops = formatIops;
  protected readonly latency = formatLatency;
  protected readonly temperature = formatTemperature;
  protected readonly megabytes = formatMegabytes;
  protected readonly time = formatTime;
  protected readonly outOfService = isOutOfService;

  protected readonly times = computed(() => this.history().map((point) => Date.parse(point.at)));
  protected readonly cpuSeries = computed<ChartSeries[]>(() => [
    { label: 'CPU', tone: 'primary', values: this.history().map((point) => point.cpuPercent) },
  ]);
  protected readonly memorySeries = computed<ChartSeries[]>(() => [
    { label: 'Memory', tone: 'primary', values: this.history().map((point) => point.memoryPercent) },
  ]);
  protected readonly networkSeries = computed<ChartSeries[]>(() => [
    { label: 'Receive', tone: 'primary', values: this.history().map((point) => point.networkRxBytesPerSecond) },
    { label: 'Send', tone: 'secondary', values: this.history().map((point) => point.networkTxBytesPerSecond) },
  ]);
  protected readonly iopsSeries = computed<ChartSeries[]>(() => [
    { label: 'IOPS', tone: 'primary', values: this.history().map((point) => point.iops) },
  ]);

  constructor() {
    if (!this.nodes.loaded()) void this.nodes.load();
    effect(() => {
      const id = this.id();
      untracked(() => this.open(id));
    });
    inject(LiveEvents)
      .events$.pipe(takeUntilDestroyed())
      .subscribe((event) => this.follow(event));
  }

  /** The manager refuses to pass anything to a node UNREACHABLE or FAULTY. */
  protected canIdentify(node: ManagerNode): boolean {
    return !this.identifying() && !isOutOfService(node);
  }

  /** The node's action lane: "1 running, 2 queued (the oldest for 3.2 s)". */
  protected actionLane(node: ManagerNode): string {
    const { running, queued, oldestQueuedMs } = node.actions;
    if (running === 0 && queued === 0) return 'none';
    const waiting = queued > 0 && oldestQueuedMs !== null ? ` (the oldest waiting for ${formatSeconds(oldestQueuedMs)})` : '';
    return `${running} running, ${queued} queued${waiting}`;
  }

  protected reserved(node: ManagerNode): string {
    const count = node.reservedInstances;
    return count === 0 ? 'none' : `${count} create${count === 1 ? '' : 's'} in flight`;
  }

  protected async identify(): Promise<void> {
    const node = this.node();
    if (!node || !this.canIdentify(node)) return;
    this.identifying.set(true);
    this.identifyResult.set(null);
    try {
      this.led.set(await this.api.identify(this.id(), IDENTIFY_SECONDS));
      this.identifyResult.set({ text: `The board's LEDs blink for ${IDENTIFY_SECONDS} s.`, failed: false });
    } catch (error) {
      this.identifyResult.set({ text: `Could not identify the board: ${describeFailure(error)}`, failed: true });
    } finally {
      this.identifying.set(false);
    }
  }

  private open(id: string): void {
    this.history.set([]);
    this.led.set(null);
    this.identifyResult.set(null);
    void this.loadHistory(id);
    void this.readLed();
  }

  private async loadHistory(id: string): Promise<void> {
    try {
      const history = await this.api.usageHistory(id);
      if (id !== this.id()) return;
      // Points that live events added while the history was on its way stay, after it.
      const newest = history.points.length ? history.points[history.points.length - 1]!.at : '';
      this.history.update((live) => [...history.points, ...live.filter((point) => point.at > newest)]);
      this.gapMs.set(3 * history.intervalMs);
      this.historyError.set(null);
    } catch (error) {
      this.historyError.set(describeFailure(error));
    }
  }

  private follow(event: ManagerEvent): void {
    const id = this.id();
    if (event.type === 'node-usage' && event.node.id === id) {
      const point = pointOf(event.at, event.node);
      if (point) {
        const since = new Date(Date.parse(event.at) - HISTORY_SPAN_MS).toISOString();
        this.history.update((points) => [...points.filter((known) => known.at >= since), point]);
      }
      void this.readLed();
    } else if (event.type === 'instances' && event.nodeId === id) {
      void this.readLed();
    } else if (event.type === 'node-state' && event.node.id === id && event.node.state === 'ACTIVE') {
      void this.readLed();
    }
  }

  /** One read at a time; events that arrive meanwhile cause one more read, not one each. */
  private async readLed(): Promise<void> {
    if (this.ledReading) {
      this.ledReadAgain = true;
      return;
    }
    this.ledReading = true;
    try {
      do {
        this.ledReadAgain = false;
        const id = this.id();
        try {
          const led = await this.api.led(id);
          if (id === this.id()) {
            this.led.set(led);
            this.ledError.set(null);
          }
        } catch (error) {
          this.ledError.set(describeFailure(error));
        }
      } while (this.ledReadAgain);
    } finally {
      this.ledReading = false;
    }
  }
}
