import { counterDelta } from './counter-delta.js';
import { spanEquals } from './proc-text.js';

interface Entry {
  /** The name as the file spells it, compared byte by byte with each new reading. */
  readonly bytes: Buffer;
  readonly name: string;
  /** Whether this name counts towards the figure (a physical interface, a whole disk). */
  readonly counted: boolean;
  previous: Float64Array;
  current: Float64Array;
  /** `previous` holds values of the reading before the current one. */
  hasPrevious: boolean;
  /** `current` holds values of the current reading. */
  hasCurrent: boolean;
  /** Named in the current reading (with or without good values). */
  seen: boolean;
}

/**
 * The counters of one per-name source (interfaces of /proc/net/dev, disks of
 * /proc/diskstats) over the last two readings, kept in place: while the names
 * stay the same, a reading allocates nothing. A name is classified once, when
 * it first appears; a name missing from a reading is forgotten.
 */
export class NamedCounters {
  private entries: Entry[] = [];
  /** Where the next name is looked for first: files list their names in the same order every time. */
  private cursor = 0;
  private namesChanged = false;
  private last: Entry | null = null;

  /**
   * @param width values per name (2 for rx and tx bytes, 1 for disk I/Os)
   * @param counts whether a name counts towards the figure, asked once per new name
   */
  constructor(
    private readonly width: number,
    private readonly counts: (name: string) => boolean,
  ) {}

  /** Starts a reading: the current values become the previous ones. */
  startReading(): void {
    for (const entry of this.entries) {
      const swap = entry.previous;
      entry.previous = entry.current;
      entry.current = swap;
      entry.hasPrevious = entry.hasCurrent;
      entry.hasCurrent = false;
      entry.seen = false;
    }
    this.cursor = 0;
    this.namesChanged = false;
    this.last = null;
  }

  /**
   * Marks the name spelled by bytes[from, to) as seen in the current reading
   * and answers whether its values count: a caller skips the rest of the line
   * of a name that does not (a loop device, a veth), and records the others.
   */
  see(bytes: Buffer, from: number, to: number): boolean {
    const entry = this.find(bytes, from, to) ?? this.add(bytes, from, to);
    entry.seen = true;
    this.last = entry;
    return entry.counted;
  }

  /** The values of the name see() was last asked about, in the current reading. */
  record(first: number, second = 0): void {
    const entry = this.last;
    if (entry === null) throw new Error('NamedCounters.record() before see()');
    entry.current[0] = first;
    if (this.width > 1) entry.current[1] = second;
    entry.hasCurrent = true;
  }

  /** Ends a reading: names it did not have are forgotten. Answers whether the names differ from the last reading's. */
  finishReading(): boolean {
    let kept = 0;
    for (const entry of this.entries) if (entry.seen) kept++;
    if (kept < this.entries.length) {
      this.entries = this.entries.filter((entry) => entry.seen);
      this.namesChanged = true;
    }
    return this.namesChanged;
  }

  /** Forgets everything: the next reading is a baseline. */
  reset(): void {
    this.entries = [];
    this.cursor = 0;
    this.last = null;
  }

  /**
   * Sum over the counted names of both readings of the growth of value
   * `column`; a name in one reading only has no baseline and adds 0, and a
   * counter that went down (a wrap, a reset) adds 0 without cancelling the others.
   */
  summedDelta(column: number): number {
    let sum = 0;
    for (const entry of this.entries) {
      if (entry.counted && entry.hasCurrent && entry.hasPrevious) sum += counterDelta(entry.previous[column]!, entry.current[column]!);
    }
    return sum;
  }

  /** The current values of the counted names (tests, diagnostics). */
  current(): Map<string, number[]> {
    return new Map(
      this.entries.filter((entry) => entry.counted && entry.hasCurrent).map((entry) => [entry.name, Array.from(entry.current)]),
    );
  }

  private find(bytes: Buffer, from: number, to: number): Entry | undefined {
    const { entries } = this;
    for (let step = 0; step < entries.length; step++) {
      const index = (this.cursor + step) % entries.length;
      const entry = entries[index]!;
      if (spanEquals(bytes, from, to, entry.bytes)) {
        this.cursor = index + 1;
        return entry;
      }
    }
    return undefined;
  }

  private add(bytes: Buffer, from: number, to: number): Entry {
    const copy = Buffer.from(bytes.subarray(from, to));
    const name = copy.toString('latin1');
    const entry: Entry = {
      bytes: copy,
      name,
      counted: this.counts(name),
      previous: new Float64Array(this.width),
      current: new Float64Array(this.width),
      hasPrevious: false,
      hasCurrent: false,
      seen: false,
    };
    this.entries.push(entry);
    this.cursor = this.entries.length;
    this.namesChanged = true;
    return entry;
  }
}
