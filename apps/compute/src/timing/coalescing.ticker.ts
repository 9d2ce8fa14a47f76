import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Ticker } from './ticker.js';

interface Rider {
  readonly order: number;
  readonly callback: () => void;
  /** Fires on every `every`-th beat, counted from `from`. */
  every: number;
  from: number;
}

interface Beat {
  readonly periodMs: number;
  readonly timer: NodeJS.Timeout;
  beats: number;
  riders: Rider[];
}

/**
 * A Ticker that wakes the process as seldom as it can: periods that are whole
 * multiples of one another share one timer (the LED's 500 ms, the sampler's
 * 1 s and the inventory's 5 s are one wake-up every 500 ms, not three timers).
 * On an idle board each wake-up costs more than the work it does. Within a
 * beat, callbacks run in the order they were registered (the sampler before
 * the LED, which then draws the fresh figures); a callback that throws does
 * not keep the others from running.
 */
@Injectable()
export class CoalescingTicker extends Ticker implements OnModuleDestroy {
  private beats: Beat[] = [];
  private registered = 0;

  override every(periodMs: number, callback: () => void): () => void {
    if (!Number.isInteger(periodMs) || periodMs < 1) throw new RangeError(`A tick period is a whole number of milliseconds, got ${periodMs}`);
    const rider: Rider = { order: this.registered++, callback, every: 1, from: 0 };
    const carrier = this.beats.find((beat) => periodMs % beat.periodMs === 0);
    if (carrier !== undefined) {
      rider.every = periodMs / carrier.periodMs;
      rider.from = carrier.beats;
      carrier.riders.push(rider);
    } else {
      // A shorter period than some running beats: those ride on the new one from now on.
      const absorbed = this.beats.filter((beat) => beat.periodMs % periodMs === 0);
      const beat = this.startBeat(periodMs);
      for (const old of absorbed) {
        clearInterval(old.timer);
        for (const moved of old.riders) {
          moved.every *= old.periodMs / periodMs;
          moved.from = 0;
          beat.riders.push(moved);
        }
      }
      this.beats = this.beats.filter((old) => !absorbed.includes(old));
      beat.riders.push(rider);
      beat.riders.sort((a, b) => a.order - b.order);
    }
    return () => this.remove(rider);
  }

  onModuleDestroy(): void {
    for (const beat of this.beats) clearInterval(beat.timer);
    this.beats = [];
  }

  private startBeat(periodMs: number): Beat {
    const beat: Beat = { periodMs, beats: 0, riders: [], timer: setInterval(() => this.fire(beat), periodMs) };
    beat.timer.unref();
    this.beats.push(beat);
    return beat;
  }

  private fire(beat: Beat): void {
    beat.beats++;
    for (const rider of beat.riders) {
      if ((beat.beats - rider.from) % rider.every !== 0) continue;
      try {
        rider.callback();
      } catch (error) {
        // The callbacks log their own failures; one that throws anyway must not stop the others.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private remove(rider: Rider): void {
    for (const beat of this.beats) {
      const index = beat.riders.indexOf(rider);
      if (index < 0) continue;
      beat.riders.splice(index, 1);
      if (beat.riders.length === 0) {
        clearInterval(beat.timer);
        this.beats = this.beats.filter((other) => other !== beat);
      }
      return;
    }
  }
}
