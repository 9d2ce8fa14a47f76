import { NamedCounters } from './named-counters.js';
import { ProcText } from './proc-text.js';

/** Records "name=value" pairs as one reading; answers whether the names changed. */
function reading(counters: NamedCounters, ...pairs: string[]): boolean {
  const text = ProcText.of(pairs.join(' '));
  counters.startReading();
  let at = 0;
  for (const pair of pairs) {
    const equals = at + pair.indexOf('=');
    if (counters.see(text.bytes, at, equals)) counters.record(Number(pair.slice(pair.indexOf('=') + 1)));
    at += pair.length + 1;
  }
  return counters.finishReading();
}

describe('NamedCounters', () => {
  it('sums per-name growth, a reset on one name not cancelling growth on another', () => {
    const counters = new NamedCounters(1, () => true);
    reading(counters, 'eth0=1000', 'wlan0=900000');
    reading(counters, 'eth0=1600', 'wlan0=300');
    expect(counters.summedDelta(0)).toBe(600);
  });

  it('ignores names present in only one of the two readings', () => {
    const counters = new NamedCounters(1, () => true);
    reading(counters, 'eth0=1000', 'usb0=50');
    reading(counters, 'eth0=1100', 'eth1=999999');
    expect(counters.summedDelta(0)).toBe(100);
    expect([...counters.current().keys()]).toEqual(['eth0', 'eth1']);
  });

  it('gives no growth for a name seen in a reading without values (a line too short)', () => {
    const counters = new NamedCounters(1, () => true);
    const text = ProcText.of('sda');
    reading(counters, 'sda=10');
    counters.startReading();
    counters.see(text.bytes, 0, 3);
    expect(counters.finishReading()).toBe(false);
    reading(counters, 'sda=30');
    expect(counters.summedDelta(0)).toBe(0);
    reading(counters, 'sda=35');
    expect(counters.summedDelta(0)).toBe(5);
  });

  it('leaves out the names its classifier does not count, asking once per new name', () => {
    const asked: string[] = [];
    const counters = new NamedCounters(1, (name) => {
      asked.push(name);
      return name !== 'lo';
    });
    reading(counters, 'lo=10', 'eth0=10');
    reading(counters, 'lo=500', 'eth0=20');
    reading(counters, 'lo=900', 'eth0=40');
    expect(counters.summedDelta(0)).toBe(20);
    expect(asked).toEqual(['lo', 'eth0']);
  });

  it('says when the names changed, and finds names in any order', () => {
    const counters = new NamedCounters(1, () => true);
    expect(reading(counters, 'a=1', 'b=1')).toBe(true);
    expect(reading(counters, 'a=2', 'b=2')).toBe(false);
    expect(reading(counters, 'b=3', 'a=5')).toBe(false);
    expect(counters.summedDelta(0)).toBe(4);
    expect(reading(counters, 'a=6')).toBe(true);
    expect(reading(counters, 'a=7', 'c=1')).toBe(true);
  });

  it('keeps two values per name when asked to, and starts from a baseline after reset()', () => {
    const counters = new NamedCounters(2, () => true);
    const text = ProcText.of('eth0');
    const record = (rx: number, tx: number) => {
      counters.startReading();
      if (counters.see(text.bytes, 0, 4)) counters.record(rx, tx);
      counters.finishReading();
    };
    record(100, 1000);
    record(150, 1300);
    expect([counters.summedDelta(0), counters.summedDelta(1)]).toEqual([50, 300]);

    counters.reset();
    record(200, 1400);
    expect([counters.summedDelta(0), counters.summedDelta(1)]).toEqual([0, 0]);
  });
});
