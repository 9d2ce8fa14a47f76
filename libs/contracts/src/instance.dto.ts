import { CountField, FlagField, Ipv4ListField, ObjectField, OneOfField, TextField } from './answer-fields.js';
import { InstanceLimitsDto } from './compute/limits.dto.js';
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE } from './instance-name.js';

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

/** Most addresses one instance may report. */
export const MAX_INSTANCE_ADDRESSES = 64;
/** Most instances one node may list: far beyond what a board runs, small enough to bound an answer. */
export const MAX_NODE_INSTANCES = 1000;

/** The rule of an answered instance name, worded for messages. */
const NAME_WORDS = `an instance name (${INSTANCE_NAME_RULE})`;

export class InstanceDto {
  @TextField(
    { description: 'The instance id, which is its container name', example: 'web1' },
    { minLength: 1, maxLength: 63, pattern: INSTANCE_NAME_PATTERN, patternWords: NAME_WORDS },
  )
  id!: string;

  @TextField({ description: 'Container name', example: 'web1' }, { minLength: 1, maxLength: 63, pattern: INSTANCE_NAME_PATTERN, patternWords: NAME_WORDS })
  name!: string;

  @OneOfField(Object.values(InstanceState), { enum: InstanceState, enumName: 'InstanceState', example: InstanceState.RUNNING })
  state!: InstanceState;

  @Ipv4ListField({ description: 'IPv4 addresses, empty when none', example: ['10.0.3.12'] }, MAX_INSTANCE_ADDRESSES)
  ipv4!: string[];

  @ObjectField(() => InstanceLimitsDto, { type: InstanceLimitsDto, description: "Its limits, and whether the board's kernel enforces them" })
  limits!: InstanceLimitsDto;

  @FlagField({ description: 'Started whenever the node starts (lxc.start.auto)', example: false })
  autostart!: boolean;
}

/** One instance with its live figures; a figure LXC cannot report is null. */
export class InstanceDetailsDto extends InstanceDto {
  @CountField({ description: 'PID of the container init, null when stopped', example: 4242 }, { nullable: true })
  pid!: number | null;

  @CountField({ description: 'CPU time used, nanoseconds', example: 152000000 }, { nullable: true })
  cpuTimeNs!: number | null;

  @CountField({ description: 'Memory in use, bytes', example: 1843200 }, { nullable: true })
  memoryBytes!: number | null;

  @CountField({ description: 'Block I/O, bytes', example: 0 }, { nullable: true })
  blkioBytes!: number | null;

  @CountField({ description: 'Bytes received by the container', example: 1280 }, { nullable: true })
  networkRxBytes!: number | null;

  @CountField({ description: 'Bytes sent by the container', example: 640 }, { nullable: true })
  networkTxBytes!: number | null;
}
