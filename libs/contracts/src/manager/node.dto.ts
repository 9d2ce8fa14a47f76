import { ApiProperty } from '@nestjs/swagger';
import { UsageDto } from '../usage.dto.js';
import { NodeState } from './node-state.js';

/** A registered compute node as the manager last saw it. Its token is never part of it. */
export class NodeDto {
  @ApiProperty({ description: 'Node id, given by the manager at registration', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Display name, unique among nodes', example: 'pi-node-1' })
  name!: string;

  @ApiProperty({ description: 'Base URL of the compute API', example: 'http://10.0.0.21:7001' })
  url!: string;

  @ApiProperty({ enum: NodeState, enumName: 'NodeState', example: NodeState.ACTIVE })
  state!: NodeState;

  @ApiProperty({ description: 'When the node was registered', format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a poll last succeeded (manager clock); null when never',
  })
  lastSeenAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last failed poll failed; kept while UNREACHABLE, null once a poll succeeds',
    example: 'connection refused (connect ECONNREFUSED 10.0.0.21:7001)',
  })
  lastError!: string | null;

  @ApiProperty({ description: 'Failed polls in a row', example: 0 })
  consecutiveFailures!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Round trip of the last successful poll (usage and instances, fetched together), milliseconds',
    example: 14.2,
  })
  pollLatencyMs!: number | null;

  @ApiProperty({ type: UsageDto, nullable: true, description: 'The latest usage; null until the first successful poll' })
  usage!: UsageDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Instances on the node; null when unknown', example: 3 })
  instanceCount!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Running instances on the node; null when unknown', example: 2 })
  runningInstanceCount!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why the node cannot list or manage instances although it answers (e.g. LXC is missing on it); ' +
      'null when it can. Such a node is never chosen by placement.',
    example: null,
  })
  instancesError!: string | null;
}
