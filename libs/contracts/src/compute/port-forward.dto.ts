import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { NumberField, OneOfField } from '../answer-fields.js';
import { IsInstanceName } from '../instance-name.js';

export const PORT_PROTOCOLS = ['tcp', 'udp'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** Most forwards one instance may have (a board has a range of 1000 ports for all of them). */
export const MAX_INSTANCE_PORT_FORWARDS = 64;

export class CreatePortForwardDto {
  @ApiProperty({ description: 'The port inside the container', minimum: 1, maximum: 65535, example: 80 })
  @IsInt({ message: 'containerPort must be a whole number from 1 to 65535' })
  @Min(1, { message: 'containerPort must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'containerPort must be a whole number from 1 to 65535' })
  containerPort!: number;

  @ApiProperty({ enum: PORT_PROTOCOLS, enumName: 'PortProtocol', example: 'tcp' })
  @IsIn(PORT_PROTOCOLS, { message: 'protocol must be tcp or udp' })
  protocol!: PortProtocol;

  @ApiPropertyOptional({
    description: "The board's port; without it the node picks a free one from its PORT_RANGE (default 20000-20999)",
    minimum: 1,
    maximum: 65535,
    example: 20080,
  })
  @IsOptional()
  @IsInt({ message: 'hostPort must be a whole number' })
  @Min(1, { message: 'hostPort must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'hostPort must be a whole number from 1 to 65535' })
  hostPort?: number;
}

export const CREATE_PORT_FORWARD_EXAMPLES = {
  web: { summary: 'A web server on port 80, on a port the node picks', value: { containerPort: 80, protocol: 'tcp' } },
  chosen: { summary: 'On a chosen port of the board', value: { containerPort: 8080, protocol: 'tcp', hostPort: 20080 } },
  udp: { summary: 'A UDP service (CoAP)', value: { containerPort: 5683, protocol: 'udp' } },
} satisfies Record<string, { summary: string; value: CreatePortForwardDto }>;

export class PortForwardDto {
  @NumberField({ description: "The board's port", example: 20080 }, { min: 1, max: 65535, integer: true })
  hostPort!: number;

  @NumberField({ description: 'The port inside the container', example: 80 }, { min: 1, max: 65535, integer: true })
  containerPort!: number;

  @OneOfField(PORT_PROTOCOLS, { enum: PORT_PROTOCOLS, enumName: 'PortProtocol', example: 'tcp' })
  protocol!: PortProtocol;
}

/** The board's port of a forward as a path parameter, on the node and through the manager. */
export function HostPortParam(): PropertyDecorator {
  const message = 'hostPort must be a whole number from 1 to 65535';
  return applyDecorators(
    // No example: Swagger UI pre-fills only instance names, a made-up port would be a 404.
    ApiProperty({ description: "The board's port of the forward", minimum: 1, maximum: 65535 }),
    Type(() => Number),
    IsInt({ message }),
    Min(1, { message }),
    Max(65535, { message }),
  );
}

export class PortForwardParams {
  @IsInstanceName('Instance id (its name)')
  id!: string;

  @HostPortParam()
  hostPort!: number;
}

/** Which protocol's forward a removal means, on the node and through the manager. */
export class PortForwardQuery {
  @ApiPropertyOptional({ enum: PORT_PROTOCOLS, enumName: 'PortProtocol', default: 'tcp' })
  @IsOptional()
  @IsIn(PORT_PROTOCOLS, { message: 'protocol must be tcp or udp' })
  protocol?: PortProtocol;
}
