import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  ClusterInstanceDetailsDto,
  CREATE_SNAPSHOT_EXAMPLES,
  CreateSnapshotDto,
  NodeInstanceParams,
  NodeInstanceSnapshotParams,
  RestoreSnapshotDto,
  SnapshotDto,
} from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { InstanceAccessService } from './instance-access.service.js';

const NODE_ID = { name: 'nodeId', description: 'Node id', format: 'uuid' } as const;
const NAME = { name: 'name', description: 'Instance name on that node' } as const;
const SNAP = { name: 'snap', description: 'Snapshot name (as given when it was taken)' } as const;
const PASSED_THROUGH =
  "A 400, 404, 409, 503 or 504 from the node keeps its status and the node's message (prefixed with the node name); " +
  '502 when the node cannot be reached, 504 when it does not answer in time, 503 when it is UNREACHABLE or FAULTY now.';
const OWN_ONLY = " To a member, another user's instance is a 404 with the words of a missing one. Changes are in the event log.";

/** Snapshots of an instance's root filesystem, through its node (lxc-snapshot): how a class resets a broken lab. */
@ApiTags('snapshots')
@ApiErrors(401, 400, 404, 502, 503, 504)
@Controller('nodes/:nodeId/instances/:name/snapshots')
export class InstanceSnapshotsController {
  constructor(private readonly access: InstanceAccessService) {}

  @Get()
  @ApiOperation({ summary: "An instance's snapshots, oldest first", description: PASSED_THROUGH + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiOkResponse({ type: [SnapshotDto], description: 'Its snapshots' })
  listSnapshots(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams): Promise<SnapshotDto[]> {
    return this.access.snapshots(viewer, params.nodeId, params.name);
  }

  @Post()
  @ApiOperation({
    summary: "Snapshot an instance's root filesystem under a name",
    description: '409 when the name is taken, or when the instance runs and its node cannot snapshot it running (stop it first). ' + PASSED_THROUGH + OWN_ONLY,
  })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(CreateSnapshotDto, CREATE_SNAPSHOT_EXAMPLES)
  @ApiCreatedResponse({ type: SnapshotDto, description: 'The snapshot, taken' })
  @ApiErrors(409)
  createSnapshot(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams, @Body() body: CreateSnapshotDto): Promise<SnapshotDto> {
    return this.access.snapshot(viewer, params.nodeId, params.name, body.name);
  }

  @Post(':snap/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Put the instance back as it was in a snapshot',
    description:
      'The instance must be stopped, or stopFirst true: then it is stopped, restored and started again. A running instance ' +
      'without stopFirst is a 409 ("stop it first, or pass stopFirst"). ' +
      PASSED_THROUGH +
      OWN_ONLY,
  })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiParam(SNAP)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance, restored' })
  @ApiErrors(409)
  restoreSnapshot(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceSnapshotParams,
    @Body() body: RestoreSnapshotDto,
  ): Promise<ClusterInstanceDetailsDto> {
    return this.access.restore(viewer, params.nodeId, params.name, params.snap, body?.stopFirst ?? false);
  }

  @Delete(':snap')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a snapshot', description: PASSED_THROUGH + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiParam(SNAP)
  @ApiNoContentResponse({ description: 'Deleted' })
  deleteSnapshot(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceSnapshotParams): Promise<void> {
    return this.access.deleteSnapshot(viewer, params.nodeId, params.name, params.snap);
  }
}
