import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  tone: 'primary' | 'secondary';
}

const WIDTH = 320;
const HEIGHT = 100;

/**
 * The polylines of one series over the chart's time range, scaled to `max`:
 * one per stretch without a pause longer than `gapMs`, so that a time the
 * node was down or the manager was stopped shows as a gap, not as a slope.
 */
export function chartSegments(times: readonly number[], values: readonly number[], max: number, gapMs: number): string[] {
  const start = times[0] ?? 0;
  const span = Math.max((times[times.length - 1] ?? 0) - start, 1);
  const segments: string[][] = [];
  values.forEach((value, index) => {
    const x = ((times[index]! - start) / span) * WIDTH;
    const y = HEIGHT - (Math.min(Math.max(value, 0), max) / max) * HEIGHT;
    const point = `${x.toFixed(1)},${y.toFixed(1)}`;
    if (index === 0 || times[index]! - times[index - 1]! > gapMs) segments.push([point]);
    else segments[segments.length - 1]!.push(point);
  });
  return segments.map((points) => points.join(' '));
}

/** A small line chart in plain SVG: no chart library, a few hundred bytes per chart. */
@Component({
  selector: 'ts-usage-chart',
  templateUrl: './usage-chart.html',
  styleUrl: './usage-chart.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageChart {
  readonly heading = input.required<string>();
  readonly times = input.required<readonly number[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly format = input.required<(value: number) => string>();
  /** A fixed top of the scale (100 for percentages); otherwise the largest value. */
  readonly fixedMax = input<number | null>(null);
  /** A pause between points longer than this breaks the line. */
  readonly gapMs = input(30_000);

  protected readonly viewBox = `0 0 ${WIDTH} ${HEIGHT}`;

  protected readonly max = computed(() => {
    const fixed = this.fixedMax();
    if (fixed !== null) return fixed;
    const largest = Math.max(0, ...this.series().flatMap((series) => series.values));
    return largest > 0 ? largest * 1.1 : 1;
  });

  protected readonly lines = computed(() =>
    this.series().map((series) => ({
      ...series,
      segments: chartSegments(this.times(), series.values, this.max(), this.gapMs()),
      latest: series.values.length ? this.format()(series.values[series.values.length - 1]!) : '—',
    })),
  );

  protected readonly range = computed(() => {
    const times = this.times();
    if (times.length < 2) return null;
    const time = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return `${time(times[0]!)} – ${time(times[times.length - 1]!)}`;
  });

  protected readonly summary = computed(
    () =>
      `${this.heading()}: ` + this.lines().map((line) => `${line.label} now ${line.latest}`).join(', ') + (this.range() ? `, ${this.range()}` : ''),
  );
}
