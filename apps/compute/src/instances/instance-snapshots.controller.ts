import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_SNAPSHOT_EXAMPLES,
  CreateSnapshotDto,
  InstanceDetailsDto,
  InstanceIdParams,
  MAX_INSTANCE_SNAPSHOTS,
  RestoreSnapshotDto,
  SnapshotDto,
  SnapshotParams,
} from '@tinystack/contracts';
import { InstanceSnapshots } from './instance-snapshots.service.js';
import { InstancesService } from './instances.service.js';
import { LxcErrorFilter } from './lxc-error.filter.js';

const ID_PARAM = { name: 'id', description: 'Instance id (its name)' } as const;
const SNAP_PARAM = { name: 'snap', description: 'Snapshot name' } as const;

@ApiTags('instances')
@ApiErrors(401, 503)
@UseFilters(LxcErrorFilter)
@Controller('instances')
export class InstanceSnapshotsController {
  constructor(
    private readonly snapshots: InstanceSnapshots,
    private readonly instances: InstancesService,
  ) {}

  @Get(':id/snapshots')
  @ApiOperation({ summary: "An instance's snapshots, oldest first" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: [SnapshotDto] })
  @ApiErrors(400, 404)
  listSnapshots(@Param() params: InstanceIdParams): Promise<SnapshotDto[]> {
    return this.snapshots.list(params.id);
  }

  @Post(':id/snapshots')
  @ApiOperation({
    summary: 'Snapshot a stopped instance (lxc-snapshot: a copy of its root filesystem and config)',
    description: `409 when it runs (a directory-backed container cannot be snapshotted live), when the name is taken, or at ${MAX_INSTANCE_SNAPSHOTS} snapshots.`,
  })
  @ApiParam(ID_PARAM)
  @ApiBodyExamples(CreateSnapshotDto, CREATE_SNAPSHOT_EXAMPLES)
  @ApiCreatedResponse({ type: SnapshotDto })
  @ApiErrors(400, 404, 409, 504)
  createSnapshot(@Param() params: InstanceIdParams, @Body() request: CreateSnapshotDto): Promise<SnapshotDto> {
    return this.snapshots.create(params.id, request.name);
  }

  @Post(':id/snapshots/:snap/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Put the instance back as it was at the snapshot (its files and its config, limits included)',
    description: 'A running instance is a 409 unless stopFirst is true: then it is stopped, restored and started again.',
  })
  @ApiParam(ID_PARAM)
  @ApiParam(SNAP_PARAM)
  @ApiOkResponse({ type: InstanceDetailsDto, description: 'The restored instance' })
  @ApiErrors(400, 404, 409, 504)
  async restoreSnapshot(@Param() params: SnapshotParams, @Body() request: RestoreSnapshotDto): Promise<InstanceDetailsDto> {
    await this.snapshots.restore(params.id, params.snap, request?.stopFirst ?? false);
    return this.instances.get(params.id, { settled: true });
  }

  @Delete(':id/snapshots/:snap')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a snapshot' })
  @ApiParam(ID_PARAM)
  @ApiParam(SNAP_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404, 504)
  async deleteSnapshot(@Param() params: SnapshotParams): Promise<void> {
    await this.snapshots.remove(params.id, params.snap);
  }
}
