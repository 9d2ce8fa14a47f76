import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { HostPortParam, PortForwardDto } from '../compute/port-forward.dto.js';
import { TERMINAL_SIZE_RANGE } from '../compute/terminal.js';
import { NodeInstanceParams } from './node-params.js';

/** A forward of the board's port, with the address the classroom reaches it at. */
export class ClusterPortForwardDto extends PortForwardDto {
  @ApiProperty({
    description:
      "Where the classroom reaches it: http://<board host>:<hostPort> for tcp ports that usually speak HTTP (80, 8000, 8080, 3000, 5000, 8888), tcp://... for other tcp, udp://... for udp; the board host is the one of the node's registered URL",
    example: 'http://10.0.0.21:20080',
  })
  url!: string;
}

export class NodeInstancePortParams extends NodeInstanceParams {
  @HostPortParam()
  hostPort!: number;
}

export class OpenTerminalDto {
  @ApiPropertyOptional({ description: 'Columns of the terminal', minimum: TERMINAL_SIZE_RANGE.cols.min, maximum: TERMINAL_SIZE_RANGE.cols.max, example: 120 })
  @IsOptional()
  @IsInt({ message: 'cols must be a whole number' })
  @Min(TERMINAL_SIZE_RANGE.cols.min, { message: `cols must be a whole number from ${TERMINAL_SIZE_RANGE.cols.min} to ${TERMINAL_SIZE_RANGE.cols.max}` })
  @Max(TERMINAL_SIZE_RANGE.cols.max, { message: `cols must be a whole number from ${TERMINAL_SIZE_RANGE.cols.min} to ${TERMINAL_SIZE_RANGE.cols.max}` })
  cols?: number;

  @ApiPropertyOptional({ description: 'Rows of the terminal', minimum: TERMINAL_SIZE_RANGE.rows.min, maximum: TERMINAL_SIZE_RANGE.rows.max, example: 32 })
  @IsOptional()
  @IsInt({ message: 'rows must be a whole number' })
  @Min(TERMINAL_SIZE_RANGE.rows.min, { message: `rows must be a whole number from ${TERMINAL_SIZE_RANGE.rows.min} to ${TERMINAL_SIZE_RANGE.rows.max}` })
  @Max(TERMINAL_SIZE_RANGE.rows.max, { message: `rows must be a whole number from ${TERMINAL_SIZE_RANGE.rows.min} to ${TERMINAL_SIZE_RANGE.rows.max}` })
  rows?: number;
}

/** Where to open the terminal: a WebSocket path on the manager with a single-use ticket. */
export class TerminalTicketDto {
  @ApiProperty({
    description:
      'Path on the manager to open as a WebSocket (ws:// or wss:// on the same host) within 30 seconds, once; binary frames carry raw bytes both ways, text frames JSON control messages ({"type":"resize","cols","rows"} to the instance; {"type":"exit","code","reason"} or {"type":"error","message"} from it)',
    example: '/api/console/3q2-xQ9f0aZkH1s5mW2p8yTc4vB6nR7eL0uJ1dG3hK5sA?cols=120&rows=32',
  })
  url!: string;

  @ApiProperty({ description: 'When the ticket stops being accepted (ISO 8601)', format: 'date-time' })
  expiresAt!: string;
}
