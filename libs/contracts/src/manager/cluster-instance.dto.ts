import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE } from '../instance-name.js';
import { CREATE_INSTANCE_EXAMPLES, CreateInstanceDto } from '../instance-requests.dto.js';
import { InstanceDetailsDto, InstanceDto } from '../instance.dto.js';
import { NodeState } from './node-state.js';
import { toUsername, USERNAME_PATTERN, USERNAME_RULE } from './username.js';

const OWNER = { description: 'Username of the user the instance belongs to', example: 'alice' } as const;

/** An instance with its owner, as an instances event lists it. */
export class OwnedInstanceDto extends InstanceDto {
  @ApiProperty(OWNER)
  owner!: string;
}

/** An instance from the manager's latest view of its node. */
export class ClusterInstanceDto extends OwnedInstanceDto {
  @ApiProperty({ description: 'Id of the node the instance lives on', format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ description: 'Name of that node', example: 'pi-node-1' })
  nodeName!: string;

  @ApiProperty({
    enum: NodeState,
    enumName: 'NodeState',
    description: 'State of that node: when not ACTIVE the instance is as last seen',
  })
  nodeState!: NodeState;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Share of the board's CPU the instance used over the node's last sample interval, 0-100, as last polled; null when not running (or the node does not say)",
    example: 2.5,
  })
  cpuPercent!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Memory the instance uses (its cgroup), bytes, as last polled; null when not running (or the node does not say)', example: 1843200 })
  memoryBytes!: number | null;
}

/** One instance with its live figures, read from its node for this answer. */
export class ClusterInstanceDetailsDto extends InstanceDetailsDto {
  @ApiProperty({ description: 'Id of the node the instance lives on', format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ description: 'Name of that node', example: 'pi-node-1' })
  nodeName!: string;

  @ApiProperty(OWNER)
  owner!: string;
}

export class CreateClusterInstanceDto extends CreateInstanceDto {
  @ApiPropertyOptional({
    description: 'An image of the library (GET /api/images) to create it from, instead of a template; the node gets it from the manager if it lacks it',
    pattern: INSTANCE_NAME_PATTERN.source,
    example: 'lab1',
  })
  @IsOptional()
  @IsString({ message: 'image must be the name of an image (see GET /api/images)' })
  @Matches(INSTANCE_NAME_PATTERN, { message: `image must be an image name: ${INSTANCE_NAME_RULE} (got "$value")` })
  image?: string;

  @ApiPropertyOptional({
    description: 'Node to create it on; without it the manager places it on the least loaded ACTIVE node',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID('4', { message: 'nodeId must be a node id (a UUID), got "$value"' })
  nodeId?: string;

  @ApiPropertyOptional({
    description: `Admins only: the user (a username) it is created for; default: the caller. ${USERNAME_RULE}`,
    pattern: USERNAME_PATTERN.source,
    example: 'alice',
  })
  @IsOptional()
  @Transform(toUsername)
  @IsString({ message: 'owner must be a username' })
  @Matches(USERNAME_PATTERN, { message: `owner must be a username: ${USERNAME_RULE} (got "$value")` })
  owner?: string;
}

/** How one candidate node scored when the manager placed an instance. */
export class PlacementCandidateDto {
  @ApiProperty({ format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ example: 'pi-node-1' })
  nodeName!: string;

  @ApiProperty({ description: 'cpuPercent + memoryPercent + 10 × (runningInstances + reservedInstances); lower wins', example: 63.4 })
  score!: number;

  @ApiProperty({ example: 12.5 })
  cpuPercent!: number;

  @ApiProperty({ example: 30.9 })
  memoryPercent!: number;

  @ApiProperty({ example: 2 })
  runningInstances!: number;

  @ApiProperty({ example: 3 })
  totalInstances!: number;

  @ApiProperty({ description: 'Creates in flight on the node when this one was placed (this one not included)', example: 1 })
  reservedInstances!: number;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'A create from an image: whether the manager knows the node has it (10 points off the score); null for a template',
    example: true,
  })
  imageCached!: boolean | null;
}

export class PlacementDto {
  @ApiProperty({
    description: 'How the score is computed',
    example:
      'score = cpuPercent + memoryPercent + 10 × (runningInstances + reservedInstances); lower wins; ties: fewer instances, then name',
  })
  formula!: string;

  @ApiProperty({ type: [PlacementCandidateDto], description: 'Every eligible node, best first; the first was chosen' })
  candidates!: PlacementCandidateDto[];
}

export const CREATE_CLUSTER_INSTANCE_EXAMPLES = {
  ...CREATE_INSTANCE_EXAMPLES,
  image: { summary: 'From an image of the library, started', value: { name: 'web1', image: 'lab1', start: true } },
} satisfies Record<string, { summary: string; value: CreateClusterInstanceDto }>;
