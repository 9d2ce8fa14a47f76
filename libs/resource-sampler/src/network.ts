import { perSecond } from './figure-rounding.js';
import type { NamedCounters } from './named-counters.js';
import { counterIn, isBlank, lineEnd, skipBlanks, tokenEnd, type ProcText } from './proc-text.js';

export const PROC_NET_DEV_PATH = '/proc/net/dev';
/**
 * Every software interface (lo, veth pairs, bridges such as lxcbr0, tun, wireguard)
 * has an entry here. Container traffic crosses veth, the bridge and the physical
 * NIC, so counting anything but physical interfaces would count it two or three times.
 */
export const VIRTUAL_NET_DIRECTORY = '/sys/devices/virtual/net';

/** The values NamedCounters keeps per interface. */
export const RX_BYTES = 0;
export const TX_BYTES = 1;

export interface NetworkRates {
  networkRxBytesPerSecond: number;
  networkTxBytesPerSecond: number;
}

// After "iface:", column 1 is received bytes and column 9 transmitted bytes.
const RX_COLUMN = 0;
const TX_COLUMN = 8;
const COLON = 58;

/**
 * Records the byte counters of every interface of /proc/net/dev into
 * `counters` (whose classifier leaves out the virtual ones). Header lines and
 * lines without both counters are skipped.
 */
export function readNetworkCounters(text: ProcText, counters: NamedCounters): void {
  const { bytes } = text;
  const end = Math.max(0, text.length);
  for (let line = 0; line < end; ) {
    const stop = lineEnd(bytes, line, end);
    recordLine(bytes, line, stop, counters);
    line = stop + 1;
  }
}

function recordLine(bytes: Buffer, line: number, stop: number, counters: NamedCounters): void {
  // Old kernels print "eth0:123" with no blank after the colon, so the name ends at the colon.
  const colon = bytes.indexOf(COLON, line);
  if (colon < 0 || colon >= stop) return;
  const nameFrom = skipBlanks(bytes, line, colon);
  let nameTo = colon;
  while (nameTo > nameFrom && isBlank(bytes[nameTo - 1]!)) nameTo--;
  if (nameTo === nameFrom || !counters.see(bytes, nameFrom, nameTo)) return;
  let rx = Number.NaN;
  let tx = Number.NaN;
  let column = 0;
  for (let at = skipBlanks(bytes, colon + 1, stop); at < stop && column <= TX_COLUMN; at = skipBlanks(bytes, at, stop)) {
    const to = tokenEnd(bytes, at, stop);
    if (column === RX_COLUMN) rx = counterIn(bytes, at, to);
    else if (column === TX_COLUMN) tx = counterIn(bytes, at, to);
    column++;
    at = to;
  }
  if (Number.isNaN(rx) || Number.isNaN(tx)) return;
  counters.record(rx, tx);
}

/** Bytes per second over the interfaces of both readings, rounded to whole bytes. */
export function networkRates(counters: NamedCounters, elapsedSeconds: number): NetworkRates {
  return {
    networkRxBytesPerSecond: Math.round(perSecond(counters.summedDelta(RX_BYTES), elapsedSeconds)),
    networkTxBytesPerSecond: Math.round(perSecond(counters.summedDelta(TX_BYTES), elapsedSeconds)),
  };
}
