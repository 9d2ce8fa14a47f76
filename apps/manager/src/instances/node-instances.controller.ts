import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  ClusterInstanceDetailsDto,
  DeleteInstanceQuery,
  INSTANCE_ACTION_EXAMPLES,
  InstanceActionDto,
  NodeInstanceParams,
  RenameInstanceDto,
} from '@tinystack/contracts';
import { ClusterInstancesService } from './cluster-instances.service.js';

const NODE_ID = { name: 'nodeId', description: 'Node id', format: 'uuid' } as const;
const NAME = { name: 'name', description: 'Instance name on that node' } as const;
const PASSED_THROUGH =
  "A 400, 404, 409, 503 or 504 from the node keeps its status and the node's message (prefixed with the node name); " +
  '502 when the node cannot be reached, 504 when it does not answer in time, 503 when it is UNREACHABLE now.';

/** The compute node's instance operations, through the manager. */
@ApiTags('instances')
@ApiErrors(401, 400, 404, 502, 503, 504)
@Controller('nodes/:nodeId/instances/:name')
export class NodeInstancesController {
  constructor(private readonly instances: ClusterInstancesService) {}

  @Get()
  @ApiOperation({ summary: 'One instance with its live figures, read from its node', description: PASSED_THROUGH })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance with its live figures' })
  getNodeInstance(@Param() params: NodeInstanceParams): Promise<ClusterInstanceDetailsDto> {
    return this.instances.get(params.nodeId, params.name);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start, stop or restart an instance', description: PASSED_THROUGH })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(InstanceActionDto, INSTANCE_ACTION_EXAMPLES)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance in the state asked for' })
  actOnNodeInstance(@Param() params: NodeInstanceParams, @Body() request: InstanceActionDto): Promise<ClusterInstanceDetailsDto> {
    return this.instances.act(params.nodeId, params.name, request);
  }

  @Put()
  @ApiOperation({ summary: 'Rename a stopped instance', description: PASSED_THROUGH })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance under its new name' })
  @ApiErrors(409)
  renameNodeInstance(@Param() params: NodeInstanceParams, @Body() request: RenameInstanceDto): Promise<ClusterInstanceDetailsDto> {
    return this.instances.rename(params.nodeId, params.name, request.name);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an instance; a running one only with force=true', description: PASSED_THROUGH })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(409)
  deleteNodeInstance(@Param() params: NodeInstanceParams, @Query() query: DeleteInstanceQuery): Promise<void> {
    return this.instances.remove(params.nodeId, params.name, query.force ?? false);
  }
}
