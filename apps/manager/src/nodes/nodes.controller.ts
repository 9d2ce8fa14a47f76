import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  ErrorDto,
  IdentifyLedDto,
  LedStatusDto,
  NodeDto,
  NodeIdParams,
  REGISTER_NODE_EXAMPLES,
  RegisterNodeDto,
  UsageHistoryDto,
  UsageHistoryQuery,
} from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { NodeRegistration } from './node-registration.service.js';
import { NodesService } from './nodes.service.js';

const NODE_ID = { name: 'id', description: 'Node id', format: 'uuid' } as const;

@ApiTags('nodes')
@ApiErrors(401)
@Controller('nodes')
export class NodesController {
  constructor(
    private readonly nodes: NodesService,
    private readonly registration: NodeRegistration,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every registered node with its state, latest usage and instance count (from memory)' })
  @ApiOkResponse({ type: [NodeDto], description: 'Every registered node, by name' })
  listNodes(): NodeDto[] {
    return this.nodes.list();
  }

  @Post()
  @AdminOnly('register nodes')
  @ApiOperation({
    summary: 'Register a compute node',
    description:
      'The manager first contacts the node: GET /health (is a compute node there?), GET /usage with the token ' +
      '(is the token right?) and GET /instances (can it run containers?). A node without LXC is registered, with ' +
      'instancesError saying what is missing. 422 when the node cannot be reached, is not a compute node or ' +
      'refuses the token; 409 when the URL or the name is already registered.',
  })
  @ApiBodyExamples(RegisterNodeDto, REGISTER_NODE_EXAMPLES)
  @ApiCreatedResponse({ type: NodeDto, description: 'The registered node, with the figures read while checking it' })
  @ApiErrors(400, 409)
  @ApiUnprocessableEntityResponse({
    description: 'The node could not be reached, is not a compute node, or refused the token; the message says which',
    type: ErrorDto,
  })
  registerNode(@CurrentPrincipal() caller: Principal, @Body() request: RegisterNodeDto): Promise<NodeDto> {
    return this.registration.register(request, caller.actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One node' })
  @ApiParam(NODE_ID)
  @ApiOkResponse({ type: NodeDto, description: 'The node' })
  @ApiErrors(400, 404)
  getNode(@Param() params: NodeIdParams): NodeDto {
    return this.nodes.get(params.id);
  }

  @Delete(':id')
  @AdminOnly('unregister nodes')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unregister a node; its containers are left alone, its usage history is deleted' })
  @ApiParam(NODE_ID)
  @ApiNoContentResponse({ description: 'Unregistered' })
  @ApiErrors(400, 404)
  unregisterNode(@CurrentPrincipal() caller: Principal, @Param() params: NodeIdParams): void {
    this.nodes.unregister(params.id, caller.actor);
  }

  @Get(':id/usage/history')
  @ApiOperation({
    summary: "The node's stored usage over a time range, for charts",
    description:
      'One point per node per HISTORY_INTERVAL_MS, kept HISTORY_RETENTION_HOURS. Without from/to: the last hour.',
  })
  @ApiParam(NODE_ID)
  @ApiOkResponse({ type: UsageHistoryDto, description: 'The stored points of the range, oldest first' })
  @ApiErrors(400, 404)
  getUsageHistory(@Param() params: NodeIdParams, @Query() query: UsageHistoryQuery): UsageHistoryDto {
    return this.nodes.usageHistory(params.id, query);
  }

  @Get(':id/led')
  @ApiOperation({
    summary: "The node's LED matrix as it is now (read from the node), to mirror the physical display",
  })
  @ApiParam(NODE_ID)
  @ApiOkResponse({ type: LedStatusDto, description: "The node's LED status, as the node answered it" })
  @ApiErrors(400, 404, 502, 503, 504)
  getNodeLed(@Param() params: NodeIdParams): Promise<LedStatusDto> {
    return this.nodes.led(params.id);
  }

  @Post(':id/led/identify')
  @AdminOnly('blink a node')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Blink the node's whole LED matrix so a person can find the board",
    description:
      'Passed to the node (POST /led/identify): all LEDs lit and blinking for `seconds` (default 5), then normal ' +
      "drawing resumes. Answers at once with the node's LED status (identifying: true).",
  })
  @ApiParam(NODE_ID)
  @ApiBody({ type: IdentifyLedDto, required: false })
  @ApiAcceptedResponse({ type: LedStatusDto, description: 'Identifying started' })
  @ApiErrors(400, 404, 502, 503, 504)
  identifyNode(@Param() params: NodeIdParams, @Body() request: IdentifyLedDto): Promise<LedStatusDto> {
    return this.nodes.identify(params.id, request);
  }
}
