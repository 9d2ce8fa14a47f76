import { Controller, Get, HttpException, Param, Query } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { ErrorDto, InstanceIdParams, TERMINAL_SIZE_RANGE } from '@tinystack/contracts';

/** The size, checked by the gateway at the handshake; accepted as they are here. */
class ConsoleQuery {
  @IsOptional()
  @IsString()
  cols?: string;

  @IsOptional()
  @IsString()
  rows?: string;
}

/**
 * Documents the terminal WebSocket. A WebSocket handshake never reaches this
 * route (TerminalGateway takes it from the HTTP server first); a plain GET
 * gets a 426 that says how to connect.
 */
@ApiTags('instances')
@Controller('instances')
export class ConsoleController {
  @Get(':id/console')
  @ApiOperation({
    summary: 'A terminal in a running container, over a WebSocket',
    description:
      'Open as a WebSocket with the node\'s bearer token (only the manager connects here). The node runs a login shell ' +
      '(lxc-attach ... -- /bin/sh -l) on a pseudo-terminal. Binary frames are raw terminal bytes both ways. Text frames ' +
      'are JSON: the client sends {"type":"resize","cols":N,"rows":N}; the node sends {"type":"exit","code","reason"} ' +
      '(reason such as "the instance stopped") or {"type":"error","message"} and then closes. A refused handshake is an ' +
      'HTTP answer with the error body: 401, 400 (bad name or size), 404, 409 (not running), 503 (TERMINAL_MAX_SESSIONS ' +
      'sessions are open). Sessions nobody typed in for TERMINAL_IDLE_MINUTES are closed.',
  })
  @ApiParam({ name: 'id', description: 'Instance id (its name)' })
  @ApiQuery({ name: 'cols', required: false, description: 'Terminal width', schema: { type: 'integer', ...range(TERMINAL_SIZE_RANGE.cols) } })
  @ApiQuery({ name: 'rows', required: false, description: 'Terminal height', schema: { type: 'integer', ...range(TERMINAL_SIZE_RANGE.rows) } })
  @ApiResponse({ status: 101, description: 'Switching to the WebSocket terminal' })
  @ApiResponse({ status: 426, type: ErrorDto, description: 'A plain GET: the route only speaks WebSocket' })
  @ApiErrors(400, 401, 404, 409, 503)
  openConsole(@Param() params: InstanceIdParams, @Query() _query: ConsoleQuery): never {
    throw new HttpException(
      { message: `GET /instances/${params.id}/console is a WebSocket: connect with a WebSocket client (Upgrade: websocket)` },
      UPGRADE_REQUIRED,
    );
  }
}

const UPGRADE_REQUIRED = 426;

function range(size: { min: number; max: number; default: number }) {
  return { minimum: size.min, maximum: size.max, default: size.default };
}

