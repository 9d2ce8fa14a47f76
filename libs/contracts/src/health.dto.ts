import { ApiProperty } from '@nestjs/swagger';

export class LxcStatusDto {
  @ApiProperty({ description: 'Whether containers can be managed on this node' })
  available!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '5.0.2' })
  version!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why LXC is not usable and how to fix it' })
  reason!: string | null;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ example: 'pi-node-1' })
  hostname!: string;

  @ApiProperty({ description: 'Seconds since the process started', example: 120 })
  uptimeSeconds!: number;

  @ApiProperty({ type: LxcStatusDto })
  lxc!: LxcStatusDto;
}
