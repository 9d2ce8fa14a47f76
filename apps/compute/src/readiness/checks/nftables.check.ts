import { ProcessTimeoutError } from '@tinystack/lxc-driver';
import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

/** `nft list tables` answers at once on a working board; one that hangs (a stuck netlink socket) fails the check. */
export const NFT_CHECK_TIMEOUT_MS = 5000;
const WHAT_FAILS = 'ports cannot be forwarded to instances (POST /instances/:id/ports) and saved forwards are not restored';
const SETUP = 'sudo scripts/setup-host.sh prepares a Debian machine for containers';

/** nft is installed and may read the kernel's firewall: what port forwards need. */
export const NFTABLES_CHECK: ReadinessCheck = {
  name: 'nftables',
  async run(context) {
    const nft = context.host.findProgram('nft');
    if (nft === null) return failed(`nft is not installed: ${WHAT_FAILS}`, 'sudo apt-get install nftables (scripts/setup-host.sh installs it)');
    let result;
    try {
      result = await context.host.runProgram(nft, ['list', 'tables'], NFT_CHECK_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof ProcessTimeoutError) {
        return failed(`${nft} list tables did not answer within ${NFT_CHECK_TIMEOUT_MS / 1000} s: ${WHAT_FAILS}`, `see whether another nft is stuck (ps -C nft); ${SETUP}`);
      }
      return failed(`${nft} could not be run (${(error as Error).message}): ${WHAT_FAILS}`, 'sudo apt-get install --reinstall nftables');
    }
    if (result.exitCode === 0) {
      const tables = result.stdout.split('\n').filter((line) => line.startsWith('table '));
      const own = tables.some((line) => line.split(/\s+/)[2] === context.settings.NFT_TABLE);
      return passed(
        `nft works (${nft} list tables: ${tables.length} table${tables.length === 1 ? '' : 's'}; ` +
          `the port forwards' table ${context.settings.NFT_TABLE} ${own ? 'is loaded' : 'is made with the first forward'})`,
      );
    }
    const said = result.stderr.trim().split('\n').slice(0, 2).join('; ') || `exit ${result.exitCode} with no message`;
    if (/not permitted|must be root/i.test(said)) {
      return failed(
        `nft may not read the firewall (${said}): ${WHAT_FAILS}`,
        'run the compute node as root (the tinystack-compute service does): nftables needs CAP_NET_ADMIN',
      );
    }
    if (/not supported/i.test(said)) {
      return failed(
        `the kernel has no nf_tables (${said}): ${WHAT_FAILS}`,
        'sudo modprobe nf_tables, or boot a kernel built with CONFIG_NF_TABLES and CONFIG_NFT_NAT (Raspberry Pi OS and Debian have them)',
      );
    }
    return failed(`${nft} list tables failed (${said}): ${WHAT_FAILS}`, `see the detail; ${SETUP}`);
  },
};
