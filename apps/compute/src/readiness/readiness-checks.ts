import type { ReadinessCheck } from './readiness-check.js';
import { BRIDGE_CHECK } from './checks/bridge.check.js';
import { CLOCK_CHECK } from './checks/clock.check.js';
import { DISK_CHECK } from './checks/disk.check.js';
import { I2C_CHECK } from './checks/i2c.check.js';
import { LXC_CHECK } from './checks/lxc.check.js';
import { NFTABLES_CHECK } from './checks/nftables.check.js';
import { MEMORY_CGROUP_CHECK } from './checks/memory-cgroup.check.js';
import { PAGE_SIZE_CHECK } from './checks/page-size.check.js';
import { PROGRAMS_CHECK } from './checks/programs.check.js';

/** Every readiness check, in the order of READINESS_CHECK_NAMES (a spec holds them to it). */
export const READINESS_CHECKS: readonly ReadinessCheck[] = [
  LXC_CHECK,
  BRIDGE_CHECK,
  PROGRAMS_CHECK,
  NFTABLES_CHECK,
  MEMORY_CGROUP_CHECK,
  PAGE_SIZE_CHECK,
  DISK_CHECK,
  I2C_CHECK,
  CLOCK_CHECK,
];
