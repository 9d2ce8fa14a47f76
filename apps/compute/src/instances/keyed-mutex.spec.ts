import { KeyedMutex } from './keyed-mutex.js';

/** A promise the test settles by hand, to control the order of events. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('KeyedMutex', () => {
  it('runs tasks on the same key one after the other, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const first = gate();
    const a = mutex.runExclusive(['web1'], async () => {
      log.push('a starts');
      await first.opened;
      log.push('a ends');
    });
    const b = mutex.runExclusive(['web1'], async () => {
      log.push('b runs');
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['a starts']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('runs tasks on different keys at the same time', async () => {
    const mutex = new KeyedMutex();
    const held = gate();
    const log: string[] = [];
    const a = mutex.runExclusive(['web1'], async () => {
      await held.opened;
      log.push('a');
    });
    await mutex.runExclusive(['web2'], async () => {
      log.push('b');
    });
    expect(log).toEqual(['b']);
    held.open();
    await a;
    expect(log).toEqual(['b', 'a']);
  });

  it('lets a failed task release its key', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive(['x'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.runExclusive(['x'], () => Promise.resolve('after'))).resolves.toBe('after');
  });

  it('holds several keys at once without deadlocking crossed requests', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    await Promise.all([
      mutex.runExclusive(['a', 'b'], async () => void order.push('ab')),
      mutex.runExclusive(['b', 'a'], async () => void order.push('ba')),
      mutex.runExclusive(['b'], async () => void order.push('b')),
    ]);
    expect(order).toEqual(['ab', 'ba', 'b']);
  });
});
