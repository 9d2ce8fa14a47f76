import { NamedCounters } from './named-counters.js';
import { networkRates, readNetworkCounters } from './network.js';
import { ProcText } from './proc-text.js';
import { fixtureProcText } from './testing/fixture-tree.js';

const VIRTUAL = new Set(['lo', 'lxcbr0', 'vethXYZ']);
const physical = (virtual: ReadonlySet<string>) => (name: string) => !virtual.has(name);

/** The counters after reading each text in turn, as the sampler reads the board. */
function countersAfter(texts: ProcText[], virtual: ReadonlySet<string> = VIRTUAL): NamedCounters {
  const counters = new NamedCounters(2, physical(virtual));
  for (const text of texts) {
    counters.startReading();
    readNetworkCounters(text, counters);
    counters.finishReading();
  }
  return counters;
}

describe('readNetworkCounters', () => {
  it('keeps rx (column 1) and tx (column 9) bytes of physical interfaces only', () => {
    const counters = countersAfter([fixtureProcText('pi-first', '/proc/net/dev')]);
    expect(counters.current()).toEqual(
      new Map([
        ['eth0', [50000000, 8000000]],
        ['wlan0', [3000000, 400000]],
      ]),
    );
  });

  it('reads counters glued to the colon, as older kernels print wide values', () => {
    const counters = countersAfter([fixtureProcText('old-kernel', '/proc/net/dev')], new Set(['lo']));
    expect(counters.current()).toEqual(new Map([['eth0', [1844674407, 2271052]]]));
  });

  it('skips lines missing the tx column or holding garbage', () => {
    const text = [
      'garbage without colon',
      '',
      '  eth0: 100 1 0 0 0 0 0 0',
      ' wlan0: 2x0 1 0 0 0 0 0 0 300 1 0 0 0 0 0 0',
      '  usb0: 700 1 0 0 0 0 0 0 800 1 0 0 0 0 0 0',
      ': 1 2 3 4 5 6 7 8 9',
      '  \t : 1 2 3 4 5 6 7 8 9',
    ].join('\n');
    expect(countersAfter([ProcText.of(text)], new Set()).current()).toEqual(new Map([['usb0', [700, 800]]]));
  });
});

describe('networkRates', () => {
  it('counts only eth0 and wlan0 between the two readings', () => {
    const counters = countersAfter([fixtureProcText('pi-first', '/proc/net/dev'), fixtureProcText('pi-second', '/proc/net/dev')]);
    // rx: eth0 +1000000, wlan0 +50000 over 2 s; tx: eth0 +200000, wlan0 +10000 over 2 s
    expect(networkRates(counters, 2)).toEqual({
      networkRxBytesPerSecond: 525000,
      networkTxBytesPerSecond: 105000,
    });
  });

  it('counts an interface whose counter reset (second value lower) as 0', () => {
    const counters = countersAfter(
      [
        ProcText.of(' eth0: 5000 0 0 0 0 0 0 0 7000 0 0 0 0 0 0 0\nwlan0: 900000 0 0 0 0 0 0 0 900000 0 0 0 0 0 0 0'),
        ProcText.of(' eth0: 6000 0 0 0 0 0 0 0 7500 0 0 0 0 0 0 0\nwlan0: 100 0 0 0 0 0 0 0 200 0 0 0 0 0 0 0'),
      ],
      new Set(),
    );
    // only eth0 grew: rx 1000, tx 500 over 1 s
    expect(networkRates(counters, 1)).toEqual({ networkRxBytesPerSecond: 1000, networkTxBytesPerSecond: 500 });
  });

  it('counts an interface seen in one reading only (a container started or stopped) as 0', () => {
    const counters = countersAfter(
      [ProcText.of('eth0: 100 0 0 0 0 0 0 0 100\nusb0: 5 0 0 0 0 0 0 0 5'), ProcText.of('eth0: 200 0 0 0 0 0 0 0 300\neth1: 999 0 0 0 0 0 0 0 999')],
      new Set(),
    );
    expect(networkRates(counters, 1)).toEqual({ networkRxBytesPerSecond: 100, networkTxBytesPerSecond: 200 });
  });

  it('rounds to whole bytes per second', () => {
    const counters = countersAfter([ProcText.of('eth0: 0 0 0 0 0 0 0 0 0'), ProcText.of('eth0: 1000 0 0 0 0 0 0 0 10')], new Set());
    // 1000 / 3 = 333.33..., 10 / 3 = 3.33...
    expect(networkRates(counters, 3)).toEqual({ networkRxBytesPerSecond: 333, networkTxBytesPerSecond: 3 });
  });
});
