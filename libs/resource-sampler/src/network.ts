import { summedDelta } from './counter-delta.js';
import { perSecond } from './figure-rounding.js';
import { parseCounter, splitFields } from './proc-text.js';

export const PROC_NET_DEV_PATH = '/proc/net/dev';
/**
 * Every software interface (lo, veth pairs, bridges such as lxcbr0, tun, wireguard)
 * has an entry here. Container traffic crosses veth, the bridge and the physical
 * NIC, so counting anything but physical interfaces would count it two or three times.
 */
export const VIRTUAL_NET_DIRECTORY = '/sys/devices/virtual/net';

/** Cumulative byte counters per interface name. */
export interface NetworkCounters {
  rxBytes: ReadonlyMap<string, number>;
  txBytes: ReadonlyMap<string, number>;
}

export interface NetworkRates {
  networkRxBytesPerSecond: number;
  networkTxBytesPerSecond: number;
}

// After "iface:", column 1 is received bytes and column 9 transmitted bytes.
const RX_BYTES = 0;
const TX_BYTES = 8;

/**
 * Byte counters of the interfaces in /proc/net/dev, leaving out the names in
 * `virtualInterfaces`. Header lines and lines without both counters are skipped.
 */
export function parseNetworkCounters(
  procNetDev: string,
  virtualInterfaces: ReadonlySet<string>,
): NetworkCounters {
  const rxBytes = new Map<string, number>();
  const txBytes = new Map<string, number>();
  for (const line of procNetDev.split('\n')) {
    // Old kernels print "eth0:123" with no space after the colon, so split on the colon, not on whitespace.
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === '' || virtualInterfaces.has(name)) continue;
    const columns = splitFields(line.slice(colon + 1));
    const rx = parseCounter(columns[RX_BYTES]);
    const tx = parseCounter(columns[TX_BYTES]);
    if (rx === null || tx === null) continue;
    rxBytes.set(name, rx);
    txBytes.set(name, tx);
  }
  return { rxBytes, txBytes };
}

/** Bytes per second over all interfaces of both readings, rounded to whole bytes. */
export function networkRates(
  previous: NetworkCounters,
  current: NetworkCounters,
  elapsedSeconds: number,
): NetworkRates {
  return {
    networkRxBytesPerSecond: Math.round(perSecond(summedDelta(previous.rxBytes, current.rxBytes), elapsedSeconds)),
    networkTxBytesPerSecond: Math.round(perSecond(summedDelta(previous.txBytes, current.txBytes), elapsedSeconds)),
  };
}
