import { ApiProperty } from '@nestjs/swagger';

export enum InstanceState {
  STOPPED = 'STOPPED',
  STARTING = 'STARTING',
  RUNNING = 'RUNNING',
  STOPPING = 'STOPPING',
  ABORTING = 'ABORTING',
  FREEZING = 'FREEZING',
  FROZEN = 'FROZEN',
  THAWED = 'THAWED',
}

export class InstanceDto {
  @ApiProperty({ description: 'The instance id, which is its container name', example: 'web1' })
  id!: string;

  @ApiProperty({ description: 'Container name', example: 'web1' })
  name!: string;

  @ApiProperty({ enum: InstanceState, enumName: 'InstanceState', example: InstanceState.RUNNING })
  state!: InstanceState;

  @ApiProperty({ description: 'IPv4 addresses, empty when none', type: [String], example: ['10.0.3.12'] })
  ipv4!: string[];
}

/** One instance with its live figures; a figure LXC cannot report is null. */
export class InstanceDetailsDto extends InstanceDto {
  @ApiProperty({ type: Number, nullable: true, description: 'PID of the container init, null when stopped', example: 4242 })
  pid!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'CPU time used, nanoseconds', example: 152000000 })
  cpuTimeNs!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Memory in use, bytes', example: 1843200 })
  memoryBytes!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Block I/O, bytes', example: 0 })
  blkioBytes!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes received by the container', example: 1280 })
  networkRxBytes!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes sent by the container', example: 640 })
  networkTxBytes!: number | null;
}
