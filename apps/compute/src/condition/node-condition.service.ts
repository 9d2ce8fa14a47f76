import { Injectable } from '@nestjs/common';
import { READINESS_LED_COLUMNS, type ReadinessCheckDto } from '@tinystack/contracts';

/**
 * What the LED matrix shows about the node itself besides its figures: which
 * readiness checks failed and whether its join was refused. The readiness
 * checks and the join write it, the LED display reads it at every redraw.
 */
@Injectable()
export class NodeCondition {
  private failed = 0;
  private refused = false;

  /** Takes the latest check results; bit i of the mask is the LED READINESS_LED_COLUMNS[i]. */
  recordChecks(checks: readonly ReadinessCheckDto[]): void {
    let mask = 0;
    for (const check of checks) {
      const column = READINESS_LED_COLUMNS.findIndex((names) => names.includes(check.name));
      if (!check.ok && column >= 0) mask |= 1 << column;
    }
    this.failed = mask;
  }

  recordJoinRefused(refused: boolean): void {
    this.refused = refused;
  }

  /** The failed checks as a bitmask, bit i for the checks of READINESS_LED_COLUMNS[i]. */
  failedChecks(): number {
    return this.failed;
  }

  joinRefused(): boolean {
    return this.refused;
  }

  /** A check failed or the join was refused: the LED shows the not-ready pattern. */
  notReady(): boolean {
    return this.failed !== 0 || this.refused;
  }
}
