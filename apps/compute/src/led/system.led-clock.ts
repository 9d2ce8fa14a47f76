import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { LedClock } from './led.clock.js';

@Injectable()
export class SystemLedClock extends LedClock {
  override monotonicMs(): number {
    return performance.now();
  }

  override now(): Date {
    return new Date();
  }
}
