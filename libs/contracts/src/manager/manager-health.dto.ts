import { ApiProperty } from '@nestjs/swagger';

/** ok: everything works; degraded: the manager answers, but something it needs is failing (see problems). */
export enum HealthStatus {
  OK = 'ok',
  DEGRADED = 'degraded',
}

export class ManagerHealthDto {
  @ApiProperty({ enum: HealthStatus, enumName: 'HealthStatus', example: HealthStatus.OK })
  status!: HealthStatus;

  @ApiProperty({
    type: [String],
    description: 'What is failing, written for a person; empty when ok',
    example: [],
  })
  problems!: string[];

  @ApiProperty({ description: 'Seconds since the process started', example: 120 })
  uptimeSeconds!: number;

  @ApiProperty({ description: 'Registered compute nodes', example: 3 })
  nodes!: number;
}
