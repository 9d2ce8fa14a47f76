/** Which resource or status each matrix row shows, top to bottom. */
export const LED_ROWS = Object.freeze({
  containers: 0,
  cpu: 1,
  memory: 2,
  networkTx: 3,
  networkRx: 4,
  iops: 5,
  heartbeat: 6,
  managerLink: 7,
} as const);

/**
 * - `never`: no manager has polled since the node started.
 * - `active`: a manager polled within the caller's freshness window.
 * - `lost`: a manager has polled before, but not within that window.
 * - `refused`: no manager polls, and the manager this node tried to join refused its join token.
 */
export const MANAGER_LINK_STATES = ['never', 'active', 'lost', 'refused'] as const;
export type ManagerLink = (typeof MANAGER_LINK_STATES)[number];

/** Everything one frame shows; the caller takes the figures from its latest sample. */
export interface FrameInput {
  runningContainers: number;
  /** 0..100, all cores together. */
  cpuPercent: number;
  /** 0..100. */
  memoryPercent: number;
  networkTxBytesPerSecond: number;
  networkRxBytesPerSecond: number;
  /** Completed reads + writes per second. */
  iops: number;
  /** Redraw counter, advanced by one on every redraw; drives the heartbeat and the blinking LEDs. */
  tick: number;
  /** False when the sampler has no recent reading, so the bars are stale. */
  sampleFresh: boolean;
  managerLink: ManagerLink;
  /**
   * The board is not ready (a readiness check failed, or its join was
   * refused): every other two redraws show the not-ready pattern. Default false.
   */
  notReady?: boolean;
  /** The failed readiness checks, bit i for check i (the LED columns of the pattern's top row). Default 0. */
  failedChecks?: number;
}

/** The values at which the network and IOPS bars are full (all eight LEDs). */
export interface LedScales {
  networkBytesPerSecond: number;
  iops: number;
}

/**
 * - Network: 100 Mbit/s (12 500 000 bytes/s), the Ethernet port of most small boards,
 *   so one LED is 12.5 Mbit/s.
 * - IOPS: 400, for a node on an SD card. A1-class cards promise 500 random write and
 *   1 500 random read IOPS, and most cards deliver a few hundred under mixed load, so
 *   a full row means the card is the bottleneck; one LED is 50 IOPS.
 */
export const DEFAULT_LED_SCALES: Readonly<LedScales> = Object.freeze({
  networkBytesPerSecond: 12_500_000,
  iops: 400,
});
