import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ManagerNode, ReadinessCheck } from '../../api/manager-api.types';

/** What each check is about, for a person. */
const CHECK_WORDS: Record<ReadinessCheck['name'], string> = {
  lxc: 'LXC tools',
  bridge: "The containers' network bridge",
  programs: 'Programs the node runs',
  nftables: 'Port forwarding (nftables)',
  'memory-cgroup': 'Memory limits',
  'page-size': 'Memory page size',
  disk: 'Free disk space',
  i2c: 'LED matrix chip',
  clock: 'Clock',
};

/**
 * The board's readiness as its /health last said (the manager reads it now
 * and then): "ready", or each failed check in words with what to do.
 */
@Component({
  selector: 'ts-readiness-checks',
  templateUrl: './readiness-checks.html',
  styleUrl: './readiness-checks.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReadinessChecks {
  readonly node = input.required<ManagerNode>();

  protected readonly failed = computed(() => (this.node().checks ?? []).filter((check) => !check.ok));
  protected readonly known = computed(() => this.node().checks !== null && this.node().checks !== undefined);

  protected words(check: ReadinessCheck): string {
    return CHECK_WORDS[check.name] ?? check.name;
  }
}
