import { cpuPercent, parseCpuTimes } from './cpu-times.js';
import { ProcText } from './proc-text.js';
import { fixtureProcText } from './testing/fixture-tree.js';

describe('parseCpuTimes', () => {
  it('sums the aggregate cpu line into busy and idle jiffies, leaving guest out', () => {
    // cpu  10000 200 3000 80000 500 0 300 0 40 0
    // busy = user 10000 + nice 200 + system 3000 + irq 0 + softirq 300 + steal 0; idle = 80000 + iowait 500
    expect(parseCpuTimes(fixtureProcText('pi-first', '/proc/stat'))).toEqual({ busy: 13500, idle: 80500 });
  });

  it('treats columns an old kernel does not print (steal) as 0', () => {
    // cpu  4705 150 1120 16250 520 20 35: busy = 4705 + 150 + 1120 + 20 + 35, idle = 16250 + 520
    expect(parseCpuTimes(fixtureProcText('old-kernel', '/proc/stat'))).toEqual({ busy: 6030, idle: 16770 });
  });

  it('reads the aggregate line even when it is not the first line', () => {
    expect(parseCpuTimes(ProcText.of('\nintr 5 0 0\ncpu0 1 1 1 1\ncpu\t10 0 5 100 5\n'))).toEqual({ busy: 15, idle: 105 });
  });

  it('needs at least user, nice, system and idle', () => {
    expect(parseCpuTimes(ProcText.of('cpu  10 0 5\n'))).toBeNull();
  });

  it('rejects a corrupt aggregate line', () => {
    expect(parseCpuTimes(ProcText.of('cpu  10 0 x 100 5 0 0 0\n'))).toBeNull();
  });

  it('reads only the numbers of the aggregate line, whatever follows them', () => {
    expect(parseCpuTimes(ProcText.of('cpu  1 2 3 4 5 6 7 8 9 10 garbage\ncpu0 x\n'))).toEqual({ busy: 1 + 2 + 3 + 6 + 7 + 8, idle: 4 + 5 });
  });

  it('is null for a file that could not be read', () => {
    expect(parseCpuTimes(new ProcText())).toBeNull();
  });

  it('is null without an aggregate line', () => {
    expect(parseCpuTimes(ProcText.of('cpu0 1 2 3 4\ncpufreq garbage\n\n'))).toBeNull();
    expect(parseCpuTimes(ProcText.of(''))).toBeNull();
  });
});

describe('cpuPercent', () => {
  it('is the busy share of all jiffies between two readings', () => {
    const first = parseCpuTimes(fixtureProcText('pi-first', '/proc/stat'));
    const second = parseCpuTimes(fixtureProcText('pi-second', '/proc/stat'));
    // Δuser 250 + Δnice 10 + Δsystem 60 + Δsoftirq 20 = 340 busy; Δidle 440 + Δiowait 20 = 460 idle
    // 340 / (340 + 460) = 42.5%
    expect(cpuPercent(first!, second!)).toBe(42.5);
  });

  it('rounds to one decimal place', () => {
    // 1 / 3 busy
    expect(cpuPercent({ busy: 100, idle: 100 }, { busy: 101, idle: 102 })).toBe(33.3);
  });

  it('is 0 when no jiffies passed', () => {
    expect(cpuPercent({ busy: 100, idle: 100 }, { busy: 100, idle: 100 })).toBe(0);
  });

  it('counts an idle sum that went backwards (iowait quirk) as 0, so busy time is 100%', () => {
    expect(cpuPercent({ busy: 100, idle: 500 }, { busy: 180, idle: 490 })).toBe(100);
  });
});
