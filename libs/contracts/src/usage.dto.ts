import { CountField, NumberField, PercentField, RateField, TextField, TimestampField } from './answer-fields.js';

/** Longest host name a node may report (a DNS name). */
export const MAX_HOSTNAME_LENGTH = 253;

/**
 * The figures of one usage sample, shared by a node's live usage and the
 * manager's history points. Plain inheritance, not @nestjs/swagger's mapped
 * types: those load a second copy of class-validator at run time. The rules
 * are the compute contract: the manager checks every node's answer with them.
 */
export abstract class UsageFiguresDto {
  @PercentField({ description: 'CPU use over the last sample interval, all cores, 0..100', example: 12.5 })
  cpuPercent!: number;

  @PercentField({ description: 'Memory in use (total - available), 0..100', example: 41.3 })
  memoryPercent!: number;

  @CountField({ description: 'Memory in use, bytes', example: 412000000 })
  memoryUsedBytes!: number;

  @CountField({ description: 'Memory of the board, bytes', example: 998000000 })
  memoryTotalBytes!: number;

  @RateField({ description: 'Received on physical interfaces, bytes per second', example: 2048 })
  networkRxBytesPerSecond!: number;

  @RateField({ description: 'Sent on physical interfaces, bytes per second', example: 1024 })
  networkTxBytesPerSecond!: number;

  @RateField({ description: 'Completed reads and writes per second over whole disks', example: 3.5 })
  iops!: number;

  @CountField({ description: 'Running containers', example: 2 })
  runningInstances!: number;

  @CountField({ description: 'All containers of this node', example: 3 })
  totalInstances!: number;

  @NumberField({ description: 'Board temperature, °C, null when unknown', example: 48.2 }, { min: -100, max: 200, nullable: true })
  temperatureCelsius!: number | null;
}

export class UsageDto extends UsageFiguresDto {
  @TextField({ description: "The board's host name", example: 'pi-node-1' }, { minLength: 1, maxLength: MAX_HOSTNAME_LENGTH })
  hostname!: string;

  @TimestampField({ description: 'When the figures were sampled (ISO 8601)' })
  sampledAt!: string;
}
