import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMAGE_ARCHITECTURES, type ImageArchitecture } from '../compute/image-cache.dto.js';
import { ReadinessCheckDto } from '../health.dto.js';
import { UsageDto } from '../usage.dto.js';
import { NodeState } from './node-state.js';

/** The node's action lane: changes the manager sends it, a few at a time (NODE_ACTION_CONCURRENCY). */
export class NodeActionsDto {
  @ApiProperty({ type: 'integer', description: 'Changes the node is working on now', example: 1 })
  running!: number;

  @ApiProperty({ type: 'integer', description: 'Changes waiting for their turn', example: 0 })
  queued!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'How long the oldest waiting change has waited, milliseconds; null when none waits',
    example: null,
  })
  oldestQueuedMs!: number | null;
}

/** A registered compute node as the manager last saw it. Its token is never part of it. */
export class NodeDto {
  @ApiProperty({ description: 'Node id, given by the manager at registration', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Display name, unique among nodes', example: 'pi-node-1' })
  name!: string;

  @ApiProperty({ description: 'Base URL of the compute API', example: 'http://10.0.0.21:7001' })
  url!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The compute node's own id (nodeId of its /health); null until the manager has read it. " +
      'One compute node can be registered once, whatever URL reaches it',
    example: '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4',
  })
  computeId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The version the node reports; null when unknown', example: '0.1.0' })
  version!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: IMAGE_ARCHITECTURES,
    enumName: 'ImageArchitecture',
    description: "The board's architecture (Debian's name), which images must match; null until read or from a node older than images",
    example: 'arm64',
  })
  architecture!: ImageArchitecture | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The LXC templates the node allows, its default first; null until read',
    example: ['busybox'],
  })
  templates!: string[] | null;

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
    description:
      'Why the last poll failed (UNREACHABLE), or which answer broke the compute contract and why (FAULTY); ' +
      'null once a poll succeeds',
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

  @ApiProperty({
    type: UsageDto,
    nullable: true,
    description: 'The latest good usage; null until the first successful poll. See usageStale',
  })
  usage!: UsageDto | null;

  @ApiProperty({
    description: 'True when usage is older than the last poll because the node is UNREACHABLE or FAULTY: the figures are its last good ones',
    example: false,
  })
  usageStale!: boolean;

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

  @ApiProperty({ type: NodeActionsDto, description: "The node's action lane right now" })
  actions!: NodeActionsDto;

  @ApiProperty({
    type: 'integer',
    description: 'Creates in flight on this node (placed or asked for); placement counts them as running instances',
    example: 0,
  })
  reservedInstances!: number;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description:
      "Whether the board passes every readiness check of its /health (read at first contact, after trouble and about once " +
      'a minute, not at every poll); null when the node does not report checks (an older node) or has not been read yet; ' +
      'absent from managers older than readiness checks',
    example: true,
  })
  ready?: boolean | null;

  @ApiPropertyOptional({
    type: [ReadinessCheckDto],
    nullable: true,
    description: "The board's readiness checks as it last reported them (each failed one says what to do); null as for ready",
  })
  checks?: ReadinessCheckDto[] | null;
}
