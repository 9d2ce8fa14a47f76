import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SamplerClock } from './sampler-clock.js';

@Injectable()
export class SystemSamplerClock extends SamplerClock {
  override now(): Date {
    return new Date();
  }

  override monotonicMs(): number {
    return performance.now();
  }

  override async delay(ms: number): Promise<void> {
    await sleep(ms);
  }

  override every(periodMs: number, callback: () => void): () => void {
    const timer = setInterval(callback, periodMs).unref();
    return () => clearInterval(timer);
  }
}
