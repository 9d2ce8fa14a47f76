import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

/** The LXC tools work and the lxcpath is there: what every container operation needs. */
export const LXC_CHECK: ReadinessCheck = {
  name: 'lxc',
  async run(context) {
    const availability = await context.lxc.availability();
    const lxcPath = await context.lxc.lxcPath();
    if (availability.available) return passed(`LXC ${availability.version ?? '(version unknown)'} works, lxcpath ${lxcPath ?? 'unknown'}`);
    const reason = availability.reason ?? 'LXC is not usable';
    return failed(`LXC is not usable: ${reason}`, lxcFix(reason, lxcPath));
  },
};

function lxcFix(reason: string, lxcPath: string | null): string {
  if (/not installed/.test(reason)) return 'sudo apt-get install lxc busybox-static (scripts/setup-host.sh installs what a board needs)';
  if (/does not exist/.test(reason) && lxcPath !== null) return `sudo mkdir -p ${lxcPath}, or set LXC_PATH to another folder`;
  if (/not writable/.test(reason)) return 'run the compute node as root (the tinystack-compute service does): LXC needs root for system containers';
  return 'see the detail; sudo scripts/setup-host.sh prepares a Debian machine for containers';
}
