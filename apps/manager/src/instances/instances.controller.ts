import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  ClusterInstanceDto,
  CREATE_CLUSTER_INSTANCE_EXAMPLES,
  CREATE_INSTANCES_BATCH_EXAMPLES,
  CreateClusterInstanceDto,
  CreateInstancesBatchDto,
  MAX_BATCH_INSTANCES,
  OperationDto,
} from '@tinystack/contracts';
import { PLACEMENT_FORMULA } from '../boards/placement.js';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { InstanceBatchService } from './instance-batch.service.js';
import { acceptedOperation, OPERATION_LOCATION_HEADER } from './operation-accepted.js';

@ApiTags('instances')
@ApiErrors(401)
@Controller('instances')
export class InstancesController {
  constructor(
    private readonly instances: ClusterInstancesService,
    private readonly batches: InstanceBatchService,
  ) {}

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
      'With image (a name of GET /api/images), from that image: only nodes of its architecture are candidates, a node ' +
      'the manager knows to have it gets 10 points off; the operation first sends the image to the node when it lacks it ' +
      '(progress: bytes, totalBytes, percent; a partial copy is resumed, a corrupted one sent again once), then creates. ' +
      'limits (memoryMiB, cpus, cpuPercent, processes) and autostart go to the node, which says in the instance whether ' +
      'its kernel enforces them. ' +
      'Refused at once: an unknown node or image (404), a node UNREACHABLE or FAULTY or no node to place it on (503), ' +
      'no node of the image\'s architecture (422), image and template both given, a bad body or an unknown owner (400), ' +
      "the owner's quota of instances (or of running instances, with start, or of memory limits) " +
      'reached, or a member naming another owner (403).',
  })
  @ApiBodyExamples(CreateClusterInstanceDto, CREATE_CLUSTER_INSTANCE_EXAMPLES)
  @ApiAcceptedResponse({ type: OperationDto, description: 'The create, running; follow it at Location', headers: OPERATION_LOCATION_HEADER })
  @ApiErrors(400, 403, 404, 422, 503)
  createInstance(
    @CurrentPrincipal() viewer: Principal,
    @Body() request: CreateClusterInstanceDto,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.instances.create(viewer, request));
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Create many instances from one image or template, spread by placement (one operation)',
    description:
      `Names come from namePattern: {n} is 1..count, {user} the owner's username. Up to ${MAX_BATCH_INSTANCES}. Each copy is placed ` +
      'as a single create is (the copies reserve their share, so they spread over the nodes); the image goes once to each ' +
      'node that lacks it. The operation has one result per instance (its node, owner, status and message) and ends ' +
      'succeeded when every copy was created, failed otherwise (the others stay). With owner: each-member (admins only), ' +
      'one copy per enabled member, theirs. Refused at once, before anything is created: a bad pattern or count, or two ' +
      "copies with one name (400), a quota the copies would pass (403), nowhere to place them (503, 422).",
  })
  @ApiBodyExamples(CreateInstancesBatchDto, CREATE_INSTANCES_BATCH_EXAMPLES)
  @ApiAcceptedResponse({ type: OperationDto, description: 'The batch, running; its results fill in as copies are made', headers: OPERATION_LOCATION_HEADER })
  @ApiErrors(400, 403, 404, 422, 503)
  createInstancesBatch(
    @CurrentPrincipal() viewer: Principal,
    @Body() request: CreateInstancesBatchDto,
    @Res({ passthrough: true }) response: Response,
  ): OperationDto {
    return acceptedOperation(response, this.batches.create(viewer, request));
  }
}
