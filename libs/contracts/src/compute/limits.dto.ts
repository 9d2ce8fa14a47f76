import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { FlagField, NumberField, TextField } from '../answer-fields.js';

/**
 * The ranges of an instance's limits. memoryMiB is what the container may use
 * (its cgroup's memory.max); cpus how many of the board's CPUs it may run on
 * (the first N: cpuset.cpus); cpuPercent its share of the whole board's CPU
 * time (cpu.max: 50 on a 4-core board is two cores' worth); processes the
 * most tasks it may have at once (pids.max).
 */
export const INSTANCE_LIMIT_RANGES = {
  memoryMiB: { min: 4, max: 1_048_576 },
  cpus: { min: 1, max: 256 },
  cpuPercent: { min: 1, max: 100 },
  processes: { min: 8, max: 4_194_304 },
} as const;

export type InstanceLimitName = keyof typeof INSTANCE_LIMIT_RANGES;
export const INSTANCE_LIMIT_NAMES = Object.keys(INSTANCE_LIMIT_RANGES) as InstanceLimitName[];

const LIMIT_WORDS: Record<InstanceLimitName, string> = {
  memoryMiB: 'Most memory the instance may use, MiB',
  cpus: "How many of the board's CPUs the instance may run on (the first N)",
  cpuPercent: "Share of the whole board's CPU time the instance may use, percent",
  processes: 'Most processes (tasks) the instance may have at once',
};

const rangeMessage = (name: InstanceLimitName) =>
  `limits.${name} must be a whole number from ${INSTANCE_LIMIT_RANGES[name].min} to ${INSTANCE_LIMIT_RANGES[name].max}, or null for none (got "$value")`;

function LimitRequest(name: InstanceLimitName, example: number): PropertyDecorator {
  const { min, max } = INSTANCE_LIMIT_RANGES[name];
  return (target, property) => {
    ApiPropertyOptional({
      type: 'integer',
      nullable: true,
      minimum: min,
      maximum: max,
      example,
      description: `${LIMIT_WORDS[name]}; null removes the limit, leaving it out keeps the current one`,
    })(target, property);
    IsOptional()(target, property);
    IsInt({ message: rangeMessage(name) })(target, property);
    Min(min, { message: rangeMessage(name) })(target, property);
    Max(max, { message: rangeMessage(name) })(target, property);
  };
}

/** Limits asked for at create or in a change; a limit left out is kept (none at create), null removes it. */
export class InstanceLimitsRequestDto {
  @LimitRequest('memoryMiB', 64)
  memoryMiB?: number | null;

  @LimitRequest('cpus', 1)
  cpus?: number | null;

  @LimitRequest('cpuPercent', 50)
  cpuPercent?: number | null;

  @LimitRequest('processes', 256)
  processes?: number | null;
}

/** The limits of an instance as its config holds them, and whether the board enforces them. */
export class InstanceLimitsDto {
  @NumberField({ description: `${LIMIT_WORDS.memoryMiB}; null when none` , example: 64 }, { ...INSTANCE_LIMIT_RANGES.memoryMiB, integer: true, nullable: true })
  memoryMiB!: number | null;

  @NumberField({ description: `${LIMIT_WORDS.cpus}; null when none`, example: null }, { ...INSTANCE_LIMIT_RANGES.cpus, integer: true, nullable: true })
  cpus!: number | null;

  @NumberField({ description: `${LIMIT_WORDS.cpuPercent}; null when none`, example: null }, { ...INSTANCE_LIMIT_RANGES.cpuPercent, integer: true, nullable: true })
  cpuPercent!: number | null;

  @NumberField({ description: `${LIMIT_WORDS.processes}; null when none`, example: 256 }, { ...INSTANCE_LIMIT_RANGES.processes, integer: true, nullable: true })
  processes!: number | null;

  @FlagField({
    description: "Whether the board's kernel enforces every limit set (true when none is set): a limit it cannot enforce is never silently kept",
    example: true,
  })
  enforced!: boolean;

  @TextField(
    {
      description: 'When not enforced, why (naming the cgroup controller that is off and how to turn it on); else null',
      example: null,
    },
    { maxLength: 1000, nullable: true },
  )
  reason!: string | null;

  @FlagField({
    description: 'A change made while the instance runs that the kernel would not apply live: it applies at the next start',
    example: false,
  })
  appliesAtNextStart!: boolean;
}

/** The limits of an instance that has none (enforced: nothing to enforce). */
export const NO_INSTANCE_LIMITS: Readonly<InstanceLimitsDto> = Object.freeze({
  memoryMiB: null,
  cpus: null,
  cpuPercent: null,
  processes: null,
  enforced: true,
  reason: null,
  appliesAtNextStart: false,
});
