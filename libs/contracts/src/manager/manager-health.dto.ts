import { ApiProperty } from '@nestjs/swagger';

export enum HealthStatus {
  OK = 'ok',
}

export class ManagerHealthDto {
  @ApiProperty({ enum: HealthStatus, enumName: 'HealthStatus', example: HealthStatus.OK })
  status!: HealthStatus;

  @ApiProperty({ description: 'Seconds since the process started', example: 120 })
  uptimeSeconds!: number;

  @ApiProperty({ description: 'Registered compute nodes', example: 3 })
  nodes!: number;
}
