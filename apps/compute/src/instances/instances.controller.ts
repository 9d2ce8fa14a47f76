import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_INSTANCE_EXAMPLES,
  CreateInstanceDto,
  DeleteInstanceQuery,
  ErrorDto,
  GetInstanceQuery,
  INSTANCE_ACTION_EXAMPLES,
  InstanceActionDto,
  InstanceDetailsDto,
  InstanceIdParams,
  InstanceWithFiguresDto,
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
  listInstances(): InstanceWithFiguresDto[] {
    return this.instances.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a container from an allowed template, optionally starting it' })
  @ApiBodyExamples(CreateInstanceDto, CREATE_INSTANCE_EXAMPLES)
  @ApiCreatedResponse({ type: InstanceDetailsDto, description: 'The new instance with its live figures' })
  @ApiErrors(400, 409, 504)
  createInstance(@Body() request: CreateInstanceDto): Promise<InstanceDetailsDto> {
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
