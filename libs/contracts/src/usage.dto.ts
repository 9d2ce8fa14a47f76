import { ApiProperty } from '@nestjs/swagger';

/**
 * The figures of one usage sample, shared by a node's live usage and the
 * manager's history points. Plain inheritance, not @nestjs/swagger's mapped
 * types: those load a second copy of class-validator at run time.
 */
export abstract class UsageFiguresDto {
  @ApiProperty({ description: 'CPU use over the last sample interval, all cores, 0..100', example: 12.5 })
  cpuPercent!: number;

  @ApiProperty({ description: 'Memory in use (total - available), 0..100', example: 41.3 })
  memoryPercent!: number;

  @ApiProperty({ example: 412000000 })
  memoryUsedBytes!: number;

  @ApiProperty({ example: 998000000 })
  memoryTotalBytes!: number;

  @ApiProperty({ description: 'Received on physical interfaces, bytes per second', example: 2048 })
  networkRxBytesPerSecond!: number;

  @ApiProperty({ description: 'Sent on physical interfaces, bytes per second', example: 1024 })
  networkTxBytesPerSecond!: number;

  @ApiProperty({ description: 'Completed reads and writes per second over whole disks', example: 3.5 })
  iops!: number;

  @ApiProperty({ description: 'Running containers', example: 2 })
  runningInstances!: number;

  @ApiProperty({ description: 'All containers of this node', example: 3 })
  totalInstances!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Board temperature, °C, null when unknown', example: 48.2 })
  temperatureCelsius!: number | null;
}

export class UsageDto extends UsageFiguresDto {
  @ApiProperty({ example: 'pi-node-1' })
  hostname!: string;

  @ApiProperty({ description: 'When the figures were sampled (ISO 8601)', format: 'date-time' })
  sampledAt!: string;
}
