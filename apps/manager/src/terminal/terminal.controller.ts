import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { NodeInstanceParams, OpenTerminalDto, TerminalTicketDto } from '@tinystack/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { TerminalOpening } from './terminal-opening.service.js';

@ApiTags('instances')
@ApiErrors(401, 400, 404, 429, 503)
@Controller('nodes/:nodeId/instances/:name/console')
export class TerminalController {
  constructor(private readonly opening: TerminalOpening) {}

  @Post()
  @ApiOperation({
    summary: 'A ticket to open a terminal (a login shell) in a running instance',
    description:
      'Answers a path on the manager to open as a WebSocket within the manager\'s TERMINAL_TICKET_SECONDS (30 by default), once: its ticket stands for this ' +
      'request\'s user (the only secret in the URL; never a token). The WebSocket is piped to the node\'s terminal: binary ' +
      'frames carry raw bytes both ways, text frames JSON control messages ({"type":"resize","cols":120,"rows":32} to the ' +
      'shell; {"type":"exit","code","reason"} or {"type":"error","message"} from it, then it closes, e.g. when the instance ' +
      'stops). The node\'s refusals (instance not running: 409, its sessions full: 503) are the WebSocket handshake\'s HTTP ' +
      'answer; a used or expired ticket is a 401 there. A user may have 4 terminals open at once (429 beyond). To a ' +
      "member, another user's instance is a 404 with the words of a missing one.",
  })
  @ApiParam({ name: 'nodeId', description: 'Node id', format: 'uuid' })
  @ApiParam({ name: 'name', description: 'Instance name on that node' })
  @ApiCreatedResponse({ type: TerminalTicketDto, description: 'Where to open the WebSocket, and until when' })
  openTerminal(@CurrentPrincipal() viewer: Principal, @Param() params: NodeInstanceParams, @Body() request: OpenTerminalDto): TerminalTicketDto {
    return this.opening.open(viewer, params.nodeId, params.name, request);
  }
}
