import type { NetworkInterfaceInfo } from 'node:os';
import { isContainerInterface } from '@tinystack/lxc-driver';

export interface LanAddress {
  address: string;
  /** e.g. 10.0.0.21/24: the querier's subnet decides which interface answers. */
  cidr: string;
}

/**
 * The IPv4 addresses a manager on the LAN may reach this board at: not the
 * loopback, not the containers' bridge and veths. With a COMPUTE_HOST other
 * than every address, that address alone (if it is one of them).
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, computeHost: string): LanAddress[] {
  const found = Object.entries(interfaces)
    .filter(([name]) => !isContainerInterface(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => ({ address: entry.address, cidr: entry.cidr ?? `${entry.address}/32` }));
  return computeHost === '0.0.0.0' || computeHost === '::' ? found : found.filter((entry) => entry.address === computeHost);
}

/** Whether `address` lies in the subnet `cidr` (IPv4). */
export function inSubnet(address: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (network === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return ((toNumber(address) & mask) >>> 0) === ((toNumber(network) & mask) >>> 0);
}

function toNumber(address: string): number {
  return address.split('.').reduce((value, octet) => ((value << 8) | (Number(octet) & 0xff)) >>> 0, 0);
}
