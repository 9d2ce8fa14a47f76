import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import { ClusterInstanceDto, CREATE_INSTANCE_EXAMPLES, CreateClusterInstanceDto, CreatedClusterInstanceDto } from '@tinystack/contracts';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { PLACEMENT_FORMULA } from './placement.js';

@ApiTags('instances')
@ApiErrors(401)
@Controller('instances')
export class InstancesController {
  constructor(private readonly instances: ClusterInstancesService) {}

  @Get()
  @ApiOperation({
    summary: 'Every instance on every node, with its node, state and addresses',
    description:
      "From the manager's latest view of each node (polled every POLL_INTERVAL_MS, re-read right after each " +
      'change made through the manager). Instances of a node that is not ACTIVE are as last seen: see nodeState.',
  })
  @ApiOkResponse({ type: [ClusterInstanceDto], description: 'Every instance on every node' })
  listInstances(): ClusterInstanceDto[] {
    return this.instances.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create an instance on a given node, or on the least loaded ACTIVE node',
    description:
      'With nodeId, on that node. Without it, on the ACTIVE node that can run containers with the lowest ' +
      `placement score: ${PLACEMENT_FORMULA}. CPU and memory come from the latest poll, the instance counts ` +
      "from the node's instance list. The answer's placement lists every candidate with its score. " +
      "A 400, 409 or 503 from the node keeps its status and the node's message.",
  })
  @ApiBodyExamples(CreateClusterInstanceDto, CREATE_INSTANCE_EXAMPLES)
  @ApiCreatedResponse({ type: CreatedClusterInstanceDto, description: 'The new instance, its node and how that node was chosen' })
  @ApiErrors(400, 404, 409, 502, 503, 504)
  createInstance(@Body() request: CreateClusterInstanceDto): Promise<CreatedClusterInstanceDto> {
    return this.instances.create(request);
  }
}
