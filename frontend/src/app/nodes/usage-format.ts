/** How the console writes the figures of a node; '—' where the manager has none yet. */
const NONE = '—';

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : `${value.toFixed(1)} %`;
}

const RATE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s'];

/** Bytes per second in decimal units, as network speeds are quoted. */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined) return NONE;
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < RATE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${RATE_UNITS[unit]}`;
}

export function formatMegabytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? NONE : `${Math.round(bytes / 1_000_000)} MB`;
}

export function formatIops(iops: number | null | undefined): string {
  return iops === null || iops === undefined ? NONE : iops.toFixed(1);
}

export function formatLatency(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined) return NONE;
  return milliseconds < 10 ? `${milliseconds.toFixed(1)} ms` : `${Math.round(milliseconds)} ms`;
}

/** A wait: 850 ms, 3.2 s, 95 s. */
export function formatSeconds(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  return milliseconds < 10_000 ? `${(milliseconds / 1000).toFixed(1)} s` : `${Math.round(milliseconds / 1000)} s`;
}

export function formatTemperature(celsius: number | null | undefined): string {
  return celsius === null || celsius === undefined ? NONE : `${celsius.toFixed(1)} °C`;
}

/** A time of day in the browser's locale, with seconds: 14:03:07. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
