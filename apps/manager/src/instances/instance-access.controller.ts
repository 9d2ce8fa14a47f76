import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors, BodyLimit } from '@tinystack/api-kit';
import {
  ClusterPortForwardDto,
  CREATE_PORT_FORWARD_EXAMPLES,
  CreatePortForwardDto,
  EXEC_BODY_LIMIT_BYTES,
  EXEC_EXAMPLES,
  ExecRequestDto,
  ExecResultDto,
  NodeInstanceParams,
  NodeInstancePortParams,
  PortForwardQuery,
} from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { InstanceAccessService } from './instance-access.service.js';

const NODE_ID = { name: 'nodeId', description: 'Node id', format: 'uuid' } as const;
const NAME = { name: 'name', description: 'Instance name on that node' } as const;
const PASSED_THROUGH =
  "A 400, 404, 409, 503 or 504 from the node keeps its status and the node's message (prefixed with the node name); " +
  '502 when the node cannot be reached, 504 when it does not answer in time, 503 when it is UNREACHABLE or FAULTY now.';
const OWN_ONLY =
  " To a member, another user's instance is a 404 with the words of a missing one (checked before anything else about it).";
const LOGGED = ' In the event log, with who did it.';

/** Inside an instance through the manager: commands and the board's ports forwarded to it. */
@ApiTags('instances')
@ApiErrors(401, 400, 404, 502, 503, 504)
@Controller('nodes/:nodeId/instances/:name')
export class InstanceAccessController {
  constructor(private readonly access: InstanceAccessService) {}

  @Post('exec')
  @HttpCode(HttpStatus.OK)
  @BodyLimit(EXEC_BODY_LIMIT_BYTES)
  @ApiOperation({
    summary: 'Run a command in a running instance and answer with its output',
    description:
      'The same body and answer as the node\'s POST /instances/:id/exec: an argument array run with lxc-attach in a cleared ' +
      'environment; stdout and stderr cut at the node\'s EXEC_OUTPUT_MAX_BYTES; after timeoutSeconds (default 30) the command ' +
      'and everything it started are killed (timedOut true, exitCode null). The manager waits that long plus a margin. ' +
      '409 when the instance is not running. The event log keeps the command (its arguments, the names of its variables), ' +
      'never its output or stdin. ' +
      PASSED_THROUGH +
      OWN_ONLY,
  })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(ExecRequestDto, EXEC_EXAMPLES)
  @ApiOkResponse({ type: ExecResultDto, description: 'The command ran (whatever its exit status) or was killed for its timeout' })
  @ApiErrors(409)
  execInNodeInstance(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams, @Body() request: ExecRequestDto): Promise<ExecResultDto> {
    return this.access.exec(viewer, params.nodeId, params.name, request);
  }

  @Get('ports')
  @ApiOperation({ summary: "The board's ports forwarded to an instance, each with the URL the classroom reaches it at", description: PASSED_THROUGH + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiOkResponse({ type: ClusterPortForwardDto, isArray: true, description: 'The forwards, each with its url' })
  listNodeInstancePorts(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams): Promise<ClusterPortForwardDto[]> {
    return this.access.ports(viewer, params.nodeId, params.name);
  }

  @Post('ports')
  @ApiOperation({
    summary: "Forward a port of the board to a port of the instance",
    description:
      "Without hostPort the node picks a free one from its PORT_RANGE (default 20000-20999); a hostPort outside the range is a 400, " +
      'a taken one a 409 naming who has it. The forward follows the instance\'s address and goes with the instance.' +
      LOGGED +
      ' ' +
      PASSED_THROUGH +
      OWN_ONLY,
  })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiBodyExamples(CreatePortForwardDto, CREATE_PORT_FORWARD_EXAMPLES)
  @ApiCreatedResponse({ type: ClusterPortForwardDto, description: 'The forward, with its url' })
  @ApiErrors(409)
  exposeNodeInstancePort(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstanceParams,
    @Body() request: CreatePortForwardDto,
  ): Promise<ClusterPortForwardDto> {
    return this.access.expose(viewer, params.nodeId, params.name, request);
  }

  @Delete('ports/:hostPort')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop forwarding a port of the board to the instance', description: LOGGED.trim() + ' ' + PASSED_THROUGH + OWN_ONLY })
  @ApiParam(NODE_ID)
  @ApiParam(NAME)
  @ApiParam({ name: 'hostPort', description: "The board's port of the forward" })
  @ApiNoContentResponse({ description: 'The forward is gone' })
  unexposeNodeInstancePort(
    @CurrentPrincipal() viewer: Principal,
    @Param() params: NodeInstancePortParams,
    @Query() query: PortForwardQuery,
  ): Promise<void> {
    return this.access.unexpose(viewer, params.nodeId, params.name, params.hostPort, query.protocol ?? 'tcp');
  }
}
