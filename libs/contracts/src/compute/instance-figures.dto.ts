import { NumberField } from '../answer-fields.js';
import { InstanceDto } from '../instance.dto.js';

/** An instance in a compute node's list, with the figures sampled from its cgroup on the board's sample timer. */
export class InstanceWithFiguresDto extends InstanceDto {
  @NumberField(
    { description: "Share of the board's CPU the instance used over the last sample interval, 0-100; null when not running", example: 2.5 },
    { min: 0, max: 100, nullable: true },
  )
  cpuPercent!: number | null;

  @NumberField({ description: 'Memory the instance uses (its cgroup), bytes; null when not running', example: 1843200 }, { min: 0, integer: true, nullable: true })
  memoryBytes!: number | null;
}
