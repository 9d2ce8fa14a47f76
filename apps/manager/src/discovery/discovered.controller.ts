import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '@tinystack/api-kit';
import { DiscoveredBoardDto, DiscoveredBoardParams, NodeDto } from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { BoardAdder } from './board-adder.service.js';
import { DiscoveredBoards } from './discovered-boards.service.js';

@ApiTags('join')
@ApiErrors(401)
@Controller('discovered')
export class DiscoveredController {
  constructor(
    private readonly discovered: DiscoveredBoards,
    private readonly adder: BoardAdder,
  ) {}

  @Get()
  @AdminOnly('see the boards waiting to be added')
  @ApiOperation({
    summary: 'Boards heard on the LAN that are not registered: "waiting to be added"',
    description:
      'The manager asks the LAN (mDNS/DNS-SD _tinystack._tcp) every DISCOVERY_INTERVAL_MS and hears the boards announce ' +
      'themselves; a board silent for 5 minutes is forgotten. Empty when discovery is off (DISCOVERY_ENABLED=false, or the ' +
      'mDNS socket could not be opened: the log says so).',
  })
  @ApiOkResponse({ type: [DiscoveredBoardDto], description: 'By label' })
  listDiscovered(): DiscoveredBoardDto[] {
    return this.discovered.waiting();
  }

  @Post(':computeId/add')
  @AdminOnly('add boards')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Add a board heard on the LAN: it is handed a single-use join token and joins',
    description:
      'The manager makes a join token good for one board and 10 minutes, offers it to the board (POST /join/offer on the ' +
      'board, which needs no token), and answers once the board has joined, with the node. The token is revoked afterwards, ' +
      'used or not. On a LAN the first manager to offer wins a board that has joined none. 409: the board is registered ' +
      'already, has joined another manager, or takes no offers (JOIN_ACCEPT_OFFERS=false); 404: not heard lately; 502: the ' +
      'board could not be reached or could not join (the message says why).',
  })
  @ApiParam({ name: 'computeId', description: "The board's compute id (see GET /api/discovered)", format: 'uuid' })
  @ApiCreatedResponse({ type: NodeDto, description: 'The board joined: the registered node' })
  @ApiErrors(400, 404, 409, 502, 503)
  addDiscovered(@CurrentPrincipal() caller: Principal, @Req() request: Request, @Param() params: DiscoveredBoardParams): Promise<NodeDto> {
    return this.adder.add(params.computeId, caller, { protocol: request.protocol, host: request.get('host') });
  }
}
