import { Controller, Get, HttpException, Param, Query } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { InstanceIdParams } from '@tinystack/contracts';

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
 * A WebSocket handshake never reaches this route (WebSocketUpgrades hands it to TerminalGateway
 * before Nest's router); a plain GET gets a 426 that says how to connect.
 */
@ApiTags('instances')
@Controller('instances')
export class ConsoleController {
  @Get(':id/console')
  // OpenAPI cannot describe a WebSocket (and a route without a 2XX answer breaks the document): the tag says it instead.
  @ApiExcludeEndpoint()
  openConsole(@Param() params: InstanceIdParams, @Query() _query: ConsoleQuery): never {
    throw new HttpException(
      { message: `GET /instances/${params.id}/console is a WebSocket: connect with a WebSocket client (Upgrade: websocket)` },
      UPGRADE_REQUIRED,
    );
  }
}

const UPGRADE_REQUIRED = 426;

