/**
 * Port for the node's periodic work (a sampler reading, an LED redraw, a look
 * at the lxcpath). A port so tests can drive it, and so one implementation
 * can share wake-ups between them.
 */
export abstract class Ticker {
  /**
   * Calls `callback` every `periodMs` (a whole number of milliseconds, at
   * least 1) until the answered function is called. Never keeps the process alive.
   */
  abstract every(periodMs: number, callback: () => void): () => void;
}
