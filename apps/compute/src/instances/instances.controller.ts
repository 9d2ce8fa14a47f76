import { pipeline } from 'node:stream/promises';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Res, UseFilters } from '@nestjs/common';
// node:http's class, not express's type: decorator metadata would name the global Response (undici, which needs WebAssembly).
import { ServerResponse } from 'node:http';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_INSTANCE_EXAMPLES,
  CreateNodeInstanceDto,
  DeleteInstanceQuery,
  ErrorDto,
  GetInstanceQuery,
  INSTANCE_ACTION_EXAMPLES,
  InstanceActionDto,
  InstanceDetailsDto,
  InstanceIdParams,
  InstanceWithFiguresDto,
  PATCH_INSTANCE_EXAMPLES,
  PatchInstanceDto,
  RenameInstanceDto,
} from '@tinystack/contracts';
import { InstancesService } from './instances.service.js';
import { LxcErrorFilter } from './lxc-error.filter.js';

@ApiTags('instances')
@ApiErrors(401, 503)
@ApiResponse({
  status: 500,
  type: ErrorDto,
  description: 'An LXC tool failed in a way the node does not know; the message says what failed, with the tool\'s error output',
})
@UseFilters(LxcErrorFilter)
@Controller('instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Get()
  @ApiOperation({ summary: "List every container of this node's lxcpath" })
  @ApiOkResponse({ type: [InstanceWithFiguresDto], description: 'Every container, by name, with the CPU and memory of the running ones' })
  listInstances(): Promise<InstanceWithFiguresDto[]> {
    return this.instances.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a container from an allowed template or a cached image, optionally with limits, autostart, started',
    description:
      "image ({ sha256 }) must be complete in the node's cache (PUT /images/{sha256}), else 409; image and template " +
      'together are a 400. A limit the kernel cannot enforce is kept and shown with enforced: false and the reason.',
  })
  @ApiBodyExamples(CreateNodeInstanceDto, CREATE_INSTANCE_EXAMPLES)
  @ApiCreatedResponse({ type: InstanceDetailsDto, description: 'The new instance with its live figures' })
  @ApiErrors(400, 409, 504)
  createInstance(@Body() request: CreateNodeInstanceDto): Promise<InstanceDetailsDto> {
    return this.instances.create(request);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One container with its live figures',
    description:
      'Never waits for a change in progress: an instance being created is a 409 "is being created" ' +
      '(with settled=true the answer waits for the change instead, then tells its outcome).',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiOkResponse({ type: InstanceDetailsDto, description: 'The instance with its live figures' })
  @ApiErrors(400, 404, 409, 504)
  getInstance(@Param() params: InstanceIdParams, @Query() query: GetInstanceQuery): Promise<InstanceDetailsDto> {
    return this.instances.get(params.id, { settled: query.settled ?? false });
  }

  @Post(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start, stop or restart a container',
    description: 'Answers once the container reached the state. Starting a running or stopping a stopped container changes nothing.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiBodyExamples(InstanceActionDto, INSTANCE_ACTION_EXAMPLES)
  @ApiOkResponse({ type: InstanceDetailsDto, description: 'The instance in the state asked for' })
  @ApiErrors(400, 404, 409, 504)
  actOnInstance(@Param() params: InstanceIdParams, @Body() request: InstanceActionDto): Promise<InstanceDetailsDto> {
    return this.instances.act(params.id, request);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a container's limits or autostart, stopped or running",
    description:
      'A limit given as a number is set, as null removed; what the body leaves out is kept. On a running container the ' +
      'limits are applied at once with lxc-cgroup where the kernel allows; what it refuses shows appliesAtNextStart: true.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiBodyExamples(PatchInstanceDto, PATCH_INSTANCE_EXAMPLES)
  @ApiOkResponse({ type: InstanceDetailsDto, description: 'The instance with its new limits and autostart' })
  @ApiErrors(400, 404, 409, 504)
  patchInstance(@Param() params: InstanceIdParams, @Body() request: PatchInstanceDto): Promise<InstanceDetailsDto> {
    return this.instances.patch(params.id, request);
  }

  @Get(':id/rootfs')
  @ApiOperation({
    summary: "A stopped container's root filesystem as a tarball, to publish it as an image",
    description:
      'Streamed as it is packed (uncompressed tar, numeric owners, chunked: the size is not known ahead); 409 while ' +
      'the instance runs. The instance cannot be started until the stream ends. A tar failure midway cuts the stream off.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ description: 'The tarball', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 404, 409)
  async exportRootfs(@Param() params: InstanceIdParams, @Res() response: ServerResponse): Promise<void> {
    const tarball = await this.instances.exportRootfs(params.id);
    response.statusCode = HttpStatus.OK;
    response.setHeader('content-type', 'application/x-tar');
    response.setHeader('content-disposition', `attachment; filename="${params.id}.tar"`);
    // A failure midway destroys the response: the reader sees a cut-off body, never a tarball that looks whole.
    await pipeline(tarball, response).catch(() => undefined);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename a stopped container' })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiOkResponse({ type: InstanceDetailsDto, description: 'The instance under its new name' })
  @ApiErrors(400, 404, 409, 504)
  renameInstance(@Param() params: InstanceIdParams, @Body() request: RenameInstanceDto): Promise<InstanceDetailsDto> {
    return this.instances.rename(params.id, request.name);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Destroy a container; a running one only with force=true' })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  @ApiErrors(400, 404, 409, 504)
  deleteInstance(@Param() params: InstanceIdParams, @Query() query: DeleteInstanceQuery): Promise<void> {
    return this.instances.remove(params.id, query.force ?? false);
  }
}
