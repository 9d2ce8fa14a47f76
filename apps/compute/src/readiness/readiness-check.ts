import type { LedDeviceDto, ReadinessCheckDto, ReadinessCheckName } from '@tinystack/contracts';
import type { LxcAvailability } from '@tinystack/lxc-driver';
import type { ProcReader } from '@tinystack/resource-sampler';
import type { ComputeSettings } from '../config/compute.settings.js';
import type { HostSystem } from '../host/host-system.js';

/** What a check may look at. */
export interface CheckContext {
  /** Host files, below PROC_ROOT, SYS_ROOT and RUN_ROOT. */
  files: ProcReader;
  host: HostSystem;
  settings: ComputeSettings;
  lxc: {
    /** Whether LXC works, asked again (lxc-ls --version) unless this is the run at start-up. */
    availability(): Promise<LxcAvailability>;
    lxcPath(): Promise<string | null>;
  };
  led(): LedDeviceDto;
}

export type CheckResult = Omit<ReadinessCheckDto, 'name'>;

/** One readiness check: a name (READINESS_LED_COLUMNS gives its LED) and how to run it. */
export interface ReadinessCheck {
  name: ReadinessCheckName;
  run(context: CheckContext): Promise<CheckResult> | CheckResult;
}

export function passed(detail: string): CheckResult {
  return { ok: true, detail, fix: null };
}

export function failed(detail: string, fix: string): CheckResult {
  return { ok: false, detail, fix };
}

/** A date as people read it in a log: 2026-12-01 09:30 UTC. */
export function readableDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
