import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  ClusterInstanceDetailsDto,
  DeleteInstanceQuery,
  INSTANCE_ACTION_EXAMPLES,
  InstanceActionDto,
  NodeInstanceParams,
  OperationDto,
  PATCH_INSTANCE_EXAMPLES,
  PatchInstanceDto,
  RenameInstanceDto,
} from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { InstanceAccessService } from './instance-access.service.js';
import { acceptedOperation, OPERATION_LOCATION_HEADER } from './operation-accepted.js';

const NODE_ID = { name: 'nodeId', description: 'Node id', format: 'uuid' } as const;
const NAME = { name: 'name', description: 'Instance name on that node' } as const;
const PASSED_THROUGH =
  "A 400, 404, 409, 503 or 504 from the node keeps its status and the node's message (prefixed with the node name); " +
  '502 when the node cannot be reached, 504 when it does not answer in time, 503 when it is UNREACHABLE or FAULTY now.';
const AS_OPERATION =
  'Answers 202 at once with the operation (Location: /api/operations/<id>); its end state is what the node did, ' +
  "and a failure is its error, with the status and the message the node's answer would have had: " +
  PASSED_THROUGH.replace(', 503 when it is UNREACHABLE or FAULTY now', '') +
  ' Refused at once: an unknown node (404), a node UNREACHABLE or FAULTY (503), a bad request (400); a start or ' +
  "restart past the owner's quota of running instances (403).";
const OWN_ONLY =
  " To a member, another user's instance is a 404 with the words of a missing one (checked before anything else about it).";
const ACCEPTED = { type: OperationDto, headers: OPERATION_LOCATION_HEADER } as const;

/** The compute node's instance operations, through the manager. */
@ApiTags('instances')
@ApiErrors(401, 400, 404, 503)
@Controller('nodes/:nodeId/instances/:name')
export class NodeInstancesController {
  constructor(
    private readonly instances: ClusterInstancesService,
    private readonly access: InstanceAccessService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'One instance with its live figures, read from its node', description: PASSED_THROUGH + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance with its live figures' })
  @ApiErrors(502, 504)
  getNodeInstance(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams): Promise<ClusterInstanceDetailsDto> {
    return this.instances.get(viewer, params.nodeId, params.name);
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start, stop or restart an instance (an operation)', description: AS_OPERATION + OWN_ONLY })
  @ApiErrors(403)
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(InstanceActionDto, INSTANCE_ACTION_EXAMPLES)
  @ApiAcceptedResponse({ ...ACCEPTED, description: 'The action, running; its result is the instance in the state asked for' })
  actOnNodeInstance(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceParams,
    @Body() request: InstanceActionDto,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.instances.act(viewer, params.nodeId, params.name, request));
  }

  @Put()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Rename a stopped instance (an operation)', description: AS_OPERATION + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiAcceptedResponse({ ...ACCEPTED, description: 'The rename, running; its result is the instance under its new name' })
  renameNodeInstance(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceParams,
    @Body() request: RenameInstanceDto,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.instances.rename(viewer, params.nodeId, params.name, request.name));
  }

  @Patch()
  @ApiOperation({
    summary: "Change an instance's limits or autostart, stopped or running",
    description:
      'limits: { memoryMiB?, cpus?, cpuPercent?, processes? }, each a number to set or null to remove; autostart: start it whenever ' +
      'its node starts. A running instance gets the limits at once where the kernel allows. The answer says, in limits, whether ' +
      "the board enforces them (enforced, reason). A raised memory limit counts in the owner's memory quota (403 past it). " +
      'In the event log. ' +
      PASSED_THROUGH +
      OWN_ONLY,
  })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(PatchInstanceDto, PATCH_INSTANCE_EXAMPLES)
  @ApiOkResponse({ type: ClusterInstanceDetailsDto, description: 'The instance with its settings now' })
  @ApiErrors(403, 409, 502, 504)
  configureNodeInstance(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceParams,
    @Body() change: PatchInstanceDto,
  ): Promise<ClusterInstanceDetailsDto> {
    return this.access.configure(viewer, params.nodeId, params.name, change);
  }

  @Delete()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Delete an instance; a running one only with force=true (an operation)', description: AS_OPERATION + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiAcceptedResponse({ ...ACCEPTED, description: 'The delete, running; it succeeds with no result' })
  deleteNodeInstance(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceParams,
    @Query() query: DeleteInstanceQuery,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.instances.remove(viewer, params.nodeId, params.name, query.force ?? false));
  }
}
