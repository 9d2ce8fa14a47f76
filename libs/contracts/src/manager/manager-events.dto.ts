import { ApiProperty } from '@nestjs/swagger';
import { OwnedInstanceDto } from './cluster-instance.dto.js';
import { EventLogEntryDto } from './event-log.dto.js';
import { NodeDto } from './node.dto.js';
import { NodeState } from './node-state.js';
import { OperationDto } from './operation.dto.js';

/** The `type` of a message on GET /api/events; it names the schema of the message's data. */
export enum ManagerEventType {
  NODE_STATE = 'node-state',
  NODE_USAGE = 'node-usage',
  NODE_REMOVED = 'node-removed',
  INSTANCES = 'instances',
  ACTION = 'action',
  OPERATION = 'operation',
}

const typeProperty = (value: ManagerEventType) =>
  ApiProperty({ enum: ManagerEventType, enumName: 'ManagerEventType', example: value, description: `Always "${value}"` });

/** A node was registered, or its state or last error changed. */
export class NodeStateEventDto {
  @typeProperty(ManagerEventType.NODE_STATE)
  type!: ManagerEventType.NODE_STATE;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    enum: NodeState,
    enumName: 'NodeState',
    description: 'The state before the change; PENDING for a node just registered',
  })
  previousState!: NodeState;

  @ApiProperty({ type: NodeDto })
  node!: NodeDto;
}

/** One running instance's figures of a poll. */
export class RunningInstanceFiguresDto {
  @ApiProperty({ example: 'web1' })
  name!: string;

  @ApiProperty({ type: Number, nullable: true, description: "Share of the board's CPU, 0-100; null when the node did not say", example: 2.5 })
  cpuPercent!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Memory of its cgroup, bytes; null when the node did not say', example: 1843200 })
  memoryBytes!: number | null;
}

/** Fresh figures after a successful poll of a node. */
export class NodeUsageEventDto {
  @typeProperty(ManagerEventType.NODE_USAGE)
  type!: ManagerEventType.NODE_USAGE;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: NodeDto, description: 'The node with its new usage, last-seen time and poll latency' })
  node!: NodeDto;

  @ApiProperty({
    type: [RunningInstanceFiguresDto],
    description:
      "The CPU and memory of the node's running instances from this poll (a member's stream: their own only), " +
      'so that a list of instances stays current without reading it again',
  })
  instanceFigures!: RunningInstanceFiguresDto[];
}

/** A node was unregistered. */
export class NodeRemovedEventDto {
  @typeProperty(ManagerEventType.NODE_REMOVED)
  type!: ManagerEventType.NODE_REMOVED;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ format: 'uuid' })
  nodeId!: string;
}

/** A node's instance list changed (seen by a poll, or right after a change made through the manager). */
export class InstancesEventDto {
  @typeProperty(ManagerEventType.INSTANCES)
  type!: ManagerEventType.INSTANCES;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ example: 'pi-node-1' })
  nodeName!: string;

  @ApiProperty({ type: [OwnedInstanceDto], description: "The node's whole new list (a member's stream: their own instances of it only)" })
  instances!: OwnedInstanceDto[];
}

/** A new entry of the event log. */
export class ActionEventDto {
  @typeProperty(ManagerEventType.ACTION)
  type!: ManagerEventType.ACTION;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: EventLogEntryDto })
  entry!: EventLogEntryDto;
}

/** An operation was accepted, or its outcome became known. */
export class OperationEventDto {
  @typeProperty(ManagerEventType.OPERATION)
  type!: ManagerEventType.OPERATION;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: OperationDto, description: 'The operation as it is now' })
  operation!: OperationDto;
}

export type ManagerEventDto =
  | NodeStateEventDto
  | NodeUsageEventDto
  | NodeRemovedEventDto
  | InstancesEventDto
  | ActionEventDto
  | OperationEventDto;

/** The schemas of the event stream, in the order of ManagerEventType. */
export const MANAGER_EVENT_SCHEMAS = {
  [ManagerEventType.NODE_STATE]: NodeStateEventDto,
  [ManagerEventType.NODE_USAGE]: NodeUsageEventDto,
  [ManagerEventType.NODE_REMOVED]: NodeRemovedEventDto,
  [ManagerEventType.INSTANCES]: InstancesEventDto,
  [ManagerEventType.ACTION]: ActionEventDto,
  [ManagerEventType.OPERATION]: OperationEventDto,
} as const;
