import type { ContainerDetails } from './container.js';
import { parseContainerState } from './container-state.parser.js';
import { LxcCommandError } from './lxc-errors.js';

const FIELD = /^\s*([^:]+):\s*(.*)$/;

/**
 * Parses `lxc-info -n NAME -H`. Fields LXC leaves out (stopped container, cgroup v2 host)
 * become null; IPv6 addresses are dropped; network bytes are summed over all links.
 */
export function parseLxcInfo(stdout: string): ContainerDetails {
  const fields = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const match = FIELD.exec(line);
    if (match === null) continue;
    const [, key, value] = match;
    fields.set(key.trim(), [...(fields.get(key.trim()) ?? []), value.trim()]);
  }

  const name = fields.get('Name')?.[0];
  const state = fields.get('State')?.[0];
  if (name === undefined || state === undefined) {
    throw new LxcCommandError('lxc-info printed no Name or State line', stdout);
  }
  const firstNumber = (key: string): number | null => {
    const value = fields.get(key)?.[0];
    return value === undefined ? null : parseCount(key, value);
  };
  const sum = (key: string): number | null => {
    const values = fields.get(key);
    if (values === undefined) return null;
    return values.reduce((total, value) => total + parseCount(key, value), 0);
  };

  return {
    name,
    state: parseContainerState(state, 'lxc-info'),
    ipv4: (fields.get('IP') ?? []).filter(isIpv4),
    pid: firstNumber('PID'),
    cpuTimeNs: firstNumber('CPU use'),
    memoryBytes: firstNumber('Memory use'),
    blkioBytes: firstNumber('BlkIO use'),
    networkRxBytes: sum('RX bytes'),
    networkTxBytes: sum('TX bytes'),
  };
}

function parseCount(key: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new LxcCommandError(`lxc-info printed a non-numeric "${key}" (was -H passed?)`, value);
  }
  return Number(value);
}

function isIpv4(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
}
