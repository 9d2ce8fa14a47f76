import { SystemSamplerClock } from '@tinystack/resource-sampler';
import type { Ticker } from '../timing/ticker.js';

/** The sampler's clock, its readings on the node's shared Ticker (one wake-up with the LED redraw). */
export class TickerSamplerClock extends SystemSamplerClock {
  constructor(private readonly ticker: Ticker) {
    super();
  }

  override every(periodMs: number, callback: () => void): () => void {
    return this.ticker.every(periodMs, callback);
  }
}
