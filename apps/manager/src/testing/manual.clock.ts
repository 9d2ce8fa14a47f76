import { Clock } from '../clock/clock.js';

/** A clock that moves only when told to. */
export class ManualClock extends Clock {
  private current: Date;

  constructor(start: string | Date) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
