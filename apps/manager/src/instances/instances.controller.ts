import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import { ClusterInstanceDto, CREATE_INSTANCE_EXAMPLES, CreateClusterInstanceDto, OperationDto } from '@tinystack/contracts';
import { PLACEMENT_FORMULA } from '../boards/placement.js';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { acceptedOperation, OPERATION_LOCATION_HEADER } from './operation-accepted.js';

@ApiTags('instances')
@ApiErrors(401)
@Controller('instances')
export class InstancesController {
  constructor(private readonly instances: ClusterInstancesService) {}

  @Get()
  @ApiOperation({
    summary: 'Every instance on every node, with its node, state and addresses',
    description:
      "From the manager's latest view of each node (polled every POLL_INTERVAL_MS, updated from the node's answer " +
      'to each change made through the manager). Instances of a node that is not ACTIVE are as last seen: see nodeState. ' +
      'Admins see every instance with its owner; a member sees their own.',
  })
  @ApiOkResponse({ type: [ClusterInstanceDto], description: 'Every instance on every node the caller may see' })
  listInstances(@CurrentPrincipal() viewer: Principal): ClusterInstanceDto[] {
    return this.instances.list(viewer);
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Create an instance on a given node, or on the least loaded ACTIVE node (an operation)',
    description:
      'Answers 202 at once with the operation (Location: /api/operations/<id>); its end state is what the node did. ' +
      'With nodeId, on that node. Without it, on the ACTIVE node that can run containers with the lowest ' +
      `placement score: ${PLACEMENT_FORMULA}. CPU and memory come from the latest poll, the instance counts ` +
      "from the node's instance list, reservedInstances from the creates still in flight. The operation's " +
      "placement lists every candidate with its score. A 400, 409 or 503 from the node is the operation's error, " +
      "with the node's status and message. The instance belongs to the caller, or to `owner` (admins only). " +
      'Refused at once: an unknown node (404), a node UNREACHABLE or FAULTY or no node to place it on (503), ' +
      "a bad body or an unknown owner (400), the owner's quota of instances (or of running instances, with start) " +
      'reached, or a member naming another owner (403).',
  })
  @ApiBodyExamples(CreateClusterInstanceDto, CREATE_INSTANCE_EXAMPLES)
  @ApiAcceptedResponse({ type: OperationDto, description: 'The create, running; follow it at Location', headers: OPERATION_LOCATION_HEADER })
  @ApiErrors(400, 403, 404, 503)
  createInstance(
    @CurrentPrincipal() viewer: Principal,
    @Body() request: CreateClusterInstanceDto,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.instances.create(viewer, request));
  }
}
