import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
// A class, not express's Request type: decorator metadata names the parameter's type, and the global
// Request it would otherwise name loads fetch, which a compute node in lite mode does not have.
import { IncomingMessage } from 'node:http';
import { ApiErrors, Public } from '@tinystack/api-kit';
import { ErrorDto, JoinOfferDto, JoinStatusDto } from '@tinystack/contracts';
import { JoinService } from './join.service.js';

@ApiTags('join')
@Controller('join')
export class JoinController {
  constructor(private readonly join: JoinService) {}

  @Post('now')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Join the manager now (what tinystack-compute join asks the running node)',
    description:
      'Reads MANAGER_URL and JOIN_TOKEN, else DATA_DIR/join.json, again and tries to join at once, whatever the back-off. ' +
      'Answers once the attempt is over, with the join state it left (joined, refused, or joining with why and when it tries again).',
  })
  @ApiOkResponse({ type: JoinStatusDto, description: "The node's join state after the attempt" })
  @ApiErrors(401)
  joinNow(): Promise<JoinStatusDto> {
    return this.join.joinNow();
  }

  @Post('offer')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Take a join token from a manager that discovered this board (no token needed)',
    description:
      'For a board that has not joined a manager: it joins the offering manager through its normal join, and keeps the ' +
      'manager and token (DATA_DIR/join.json) once that manager has it. A board that has joined, or is joining, a manager ' +
      'refuses with 409 naming it. On a LAN the first manager to offer wins an unjoined board: JOIN_ACCEPT_OFFERS=false ' +
      'turns this route off (403), and a board so configured joins only through MANAGER_URL or tinystack-compute join.',
    security: [],
  })
  @ApiBody({ type: JoinOfferDto })
  @ApiOkResponse({ type: JoinStatusDto, description: 'The board joined the offering manager' })
  @ApiErrors(400, 409)
  @ApiResponse({ status: 403, type: ErrorDto, description: 'This board takes no join offers (JOIN_ACCEPT_OFFERS=false)' })
  @ApiResponse({ status: 502, type: ErrorDto, description: 'The offering manager refused its own token or could not be joined; nothing changed' })
  offerJoin(@Body() offer: JoinOfferDto, @Req() request: IncomingMessage): Promise<JoinStatusDto> {
    return this.join.offer(offer, clientAddress(request));
  }
}

/** The peer's address (no proxy is trusted), IPv4 without its IPv6-mapped prefix. */
function clientAddress(request: IncomingMessage): string {
  const address = request.socket?.remoteAddress ?? 'an unknown address';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
