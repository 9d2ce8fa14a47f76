import type { UsageDto } from '@tinystack/contracts';

/** One stored usage figure set of a node: a node's usage without what identifies the sample. */
export type UsagePoint = Omit<UsageDto, 'hostname' | 'sampledAt'> & {
  at: Date;
  pollLatencyMs: number | null;
};
