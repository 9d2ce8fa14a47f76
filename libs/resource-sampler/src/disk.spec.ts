import { diskIops, isWholeDisk, readDiskCounters } from './disk.js';
import { NamedCounters } from './named-counters.js';
import { ProcText } from './proc-text.js';
import { fixtureProcText } from './testing/fixture-tree.js';

/** The counters after reading each text in turn, as the sampler reads the board. */
function countersAfter(...texts: ProcText[]): NamedCounters {
  const counters = new NamedCounters(1, isWholeDisk);
  for (const text of texts) {
    counters.startReading();
    readDiskCounters(text, counters);
    counters.finishReading();
  }
  return counters;
}

const totals = (counters: NamedCounters) => new Map([...counters.current()].map(([name, [ios]]) => [name, ios]));

describe('isWholeDisk', () => {
  it.each(['mmcblk0', 'sda', 'sdab', 'vda', 'xvda', 'hdb', 'nvme0n1', 'nvme10n2', 'sr0', 'nbd0', 'mmcblk0boot0'])(
    'counts %s',
    (name) => {
      expect(isWholeDisk(name)).toBe(true);
    },
  );

  it.each([
    'mmcblk0p1',
    'mmcblk0p2',
    'sda1',
    'sdab12',
    'vda2',
    'xvda1',
    'hdb3',
    'nvme0n1p1',
    'loop0',
    'loop12',
    'ram0',
    'zram0',
    'dm-0',
    'md0',
    'md127',
  ])('skips %s', (name) => {
    expect(isWholeDisk(name)).toBe(false);
  });
});

describe('readDiskCounters', () => {
  it('keeps reads completed (field 4) + writes completed (field 8) of whole disks only', () => {
    expect(totals(countersAfter(fixtureProcText('pi-first', '/proc/diskstats')))).toEqual(
      new Map([
        ['mmcblk0', 20000 + 8000],
        ['sda', 5000 + 3000],
        ['nvme0n1', 100000 + 50000],
      ]),
    );
  });

  it('reads the 14-column format of older kernels and skips their 7-column partition lines', () => {
    expect(totals(countersAfter(fixtureProcText('old-kernel', '/proc/diskstats')))).toEqual(
      new Map([
        ['hda', 120 + 0],
        ['sda', 24523 + 20310],
      ]),
    );
  });

  it('skips short, blank and corrupt lines', () => {
    const text = ['', 'garbage', '   8  0 sdb 1 2 3 4', '   8 16 sdc 10 0 0 0 x 0 0 0 0 0 0', '   8 32 sdd 10 0 0 0 5 0 0 0 0 0 0'].join(
      '\n',
    );
    expect(totals(countersAfter(ProcText.of(text)))).toEqual(new Map([['sdd', 15]]));
  });
});

describe('diskIops', () => {
  it('is completed reads + writes per second over whole disks, one decimal', () => {
    const counters = countersAfter(fixtureProcText('pi-first', '/proc/diskstats'), fixtureProcText('pi-second', '/proc/diskstats'));
    // mmcblk0 +30 reads +10 writes, sda +4 +6, nvme0n1 +100 +51 = 201 over 2 s
    expect(diskIops(counters, 2)).toBe(100.5);
  });

  it('counts a disk whose counters reset as 0', () => {
    const counters = countersAfter(
      ProcText.of('8 0 sda 600 0 0 0 400 0 0 0\n179 0 mmcblk0 500 0 0 0 0 0 0 0'),
      ProcText.of('8 0 sda 5 0 0 0 5 0 0 0\n179 0 mmcblk0 520 0 0 0 10 0 0 0'),
    );
    expect(diskIops(counters, 3)).toBe(10);
  });
});
