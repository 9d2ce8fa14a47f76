import type { UsageFiguresDto } from '@tinystack/contracts';

/** One stored usage figure set of a node. */
export type UsagePoint = UsageFiguresDto & {
  at: Date;
  pollLatencyMs: number | null;
};
