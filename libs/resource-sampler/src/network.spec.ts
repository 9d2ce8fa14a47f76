import { networkRates, parseNetworkCounters } from './network.js';
import { fixtureText } from './testing/fixture-tree.js';

const VIRTUAL = new Set(['lo', 'lxcbr0', 'vethXYZ']);

describe('parseNetworkCounters', () => {
  it('keeps rx (column 1) and tx (column 9) bytes of physical interfaces only', () => {
    const counters = parseNetworkCounters(fixtureText('pi-first', '/proc/net/dev'), VIRTUAL);
    expect(counters.rxBytes).toEqual(
      new Map([
        ['eth0', 50000000],
        ['wlan0', 3000000],
      ]),
    );
    expect(counters.txBytes).toEqual(
      new Map([
        ['eth0', 8000000],
        ['wlan0', 400000],
      ]),
    );
  });

  it('reads counters glued to the colon, as older kernels print wide values', () => {
    const counters = parseNetworkCounters(fixtureText('old-kernel', '/proc/net/dev'), new Set(['lo']));
    expect(counters.rxBytes).toEqual(new Map([['eth0', 1844674407]]));
    expect(counters.txBytes).toEqual(new Map([['eth0', 2271052]]));
  });

  it('skips lines missing the tx column or holding garbage', () => {
    const text = [
      'garbage without colon',
      '',
      '  eth0: 100 1 0 0 0 0 0 0',
      ' wlan0: 2x0 1 0 0 0 0 0 0 300 1 0 0 0 0 0 0',
      '  usb0: 700 1 0 0 0 0 0 0 800 1 0 0 0 0 0 0',
      ': 1 2 3 4 5 6 7 8 9',
    ].join('\n');
    const counters = parseNetworkCounters(text, new Set());
    expect(counters.rxBytes).toEqual(new Map([['usb0', 700]]));
    expect(counters.txBytes).toEqual(new Map([['usb0', 800]]));
  });
});

describe('networkRates', () => {
  it('counts only eth0 and wlan0 between the two readings', () => {
    const first = parseNetworkCounters(fixtureText('pi-first', '/proc/net/dev'), VIRTUAL);
    const second = parseNetworkCounters(fixtureText('pi-second', '/proc/net/dev'), VIRTUAL);
    // rx: eth0 +1000000, wlan0 +50000 over 2 s; tx: eth0 +200000, wlan0 +10000 over 2 s
    expect(networkRates(first, second, 2)).toEqual({
      networkRxBytesPerSecond: 525000,
      networkTxBytesPerSecond: 105000,
    });
  });

  it('counts an interface whose counter reset (second value lower) as 0', () => {
    const first = parseNetworkCounters(
      ' eth0: 5000 0 0 0 0 0 0 0 7000 0 0 0 0 0 0 0\nwlan0: 900000 0 0 0 0 0 0 0 900000 0 0 0 0 0 0 0',
      new Set(),
    );
    const second = parseNetworkCounters(
      ' eth0: 6000 0 0 0 0 0 0 0 7500 0 0 0 0 0 0 0\nwlan0: 100 0 0 0 0 0 0 0 200 0 0 0 0 0 0 0',
      new Set(),
    );
    // only eth0 grew: rx 1000, tx 500 over 1 s
    expect(networkRates(first, second, 1)).toEqual({ networkRxBytesPerSecond: 1000, networkTxBytesPerSecond: 500 });
  });

  it('rounds to whole bytes per second', () => {
    const first = parseNetworkCounters('eth0: 0 0 0 0 0 0 0 0 0', new Set());
    const second = parseNetworkCounters('eth0: 1000 0 0 0 0 0 0 0 10', new Set());
    // 1000 / 3 = 333.33..., 10 / 3 = 3.33...
    expect(networkRates(first, second, 3)).toEqual({ networkRxBytesPerSecond: 333, networkTxBytesPerSecond: 3 });
  });
});
