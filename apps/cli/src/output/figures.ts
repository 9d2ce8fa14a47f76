/** How the CLI writes figures: short, so that tables fit 80 columns; '-' where there is none. */
export const NONE = '-';

type Figure = number | null | undefined;

const absent = (value: Figure): value is null | undefined => value === null || value === undefined;

export function percent(value: Figure): string {
  return absent(value) ? NONE : `${value.toFixed(1)}%`;
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes in decimal units (as disks and networks are quoted): 412 MB, 2.0 kB, 12 B. */
export function bytes(value: Figure): string {
  if (absent(value)) return NONE;
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || scaled >= 100 ? 0 : 1;
  return `${scaled.toFixed(digits)} ${DECIMAL_UNITS[unit]}`;
}

export function rate(bytesPerSecond: Figure): string {
  return absent(bytesPerSecond) ? NONE : `${bytes(bytesPerSecond)}/s`;
}

export function iops(value: Figure): string {
  return absent(value) ? NONE : value.toFixed(1);
}

export function milliseconds(value: Figure): string {
  if (absent(value)) return NONE;
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function temperature(celsius: Figure): string {
  return absent(celsius) ? NONE : `${celsius.toFixed(1)} °C`;
}

/** A CPU time in nanoseconds as seconds, minutes or hours: 1.25 s, 3 min 4 s, 2 h 5 min. */
export function cpuTime(nanoseconds: Figure): string {
  if (absent(nanoseconds)) return NONE;
  const seconds = nanoseconds / 1e9;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  return duration(seconds * 1000);
}

/** A span of time, to the second under an hour: 45 s, 3 min 4 s, 2 h 5 min, 3 d 4 h. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Local time of day: 14:03:07. */
export function timeOfDay(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** Local date and time: 2026-01-05 14:03:07. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${timeOfDay(iso)}`;
}

/** A moment with how long ago it was: 2026-01-05 14:03:07 (5 s ago). */
export function moment(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${dateTime(iso)} (${now >= at ? `${duration(now - at)} ago` : `in ${duration(at - now)}`})`;
}

/** Running of total: 1/2; '-' when unknown. */
export function runningOf(running: Figure, total: Figure): string {
  return absent(running) || absent(total) ? NONE : `${running}/${total}`;
}
