import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args, { timeout: 10_000 });

/**
 * A board on a LAN of its own for the bench: a network namespace linked to
 * the bench's namespace by a veth pair, 10.77.x.0/30 addresses and no default
 * route, so that the node's mDNS stays on it. (The tests' TestLan in
 * @tinystack/lxc-driver/test-support does the same with a switch; the bench
 * builds without the TypeScript test kit.)
 */
export interface BenchLan {
  namespace: string;
  benchAddress: string;
  boardAddress: string;
  /** `ip netns exec <namespace>`: put it before a command line to run it on the board. */
  prefix: string[];
  remove(): Promise<void>;
}

export async function createBenchLan(): Promise<BenchLan> {
  const id = randomBytes(3).toString('hex');
  const namespace = `tsbench-${id}`;
  const benchEnd = `tsb${id}`;
  const boardEnd = `tsn${id}`;
  const subnet = `10.77.${randomInt(1, 255)}`;
  const lan: BenchLan = {
    namespace,
    benchAddress: `${subnet}.1`,
    boardAddress: `${subnet}.2`,
    prefix: ['ip', 'netns', 'exec', namespace],
    async remove() {
      await ip('link', 'del', benchEnd).catch(() => undefined);
      await ip('netns', 'del', namespace).catch(() => undefined);
    },
  };
  try {
    await ip('netns', 'add', namespace);
    await ip('link', 'add', benchEnd, 'type', 'veth', 'peer', 'name', boardEnd);
    await ip('link', 'set', boardEnd, 'netns', namespace);
    await ip('addr', 'add', `${lan.benchAddress}/30`, 'dev', benchEnd);
    await ip('link', 'set', benchEnd, 'up');
    await ip('-n', namespace, 'addr', 'add', `${lan.boardAddress}/30`, 'dev', boardEnd);
    await ip('-n', namespace, 'link', 'set', boardEnd, 'up');
    await ip('-n', namespace, 'link', 'set', 'lo', 'up');
    await ip('-n', namespace, 'route', 'add', '224.0.0.0/4', 'dev', boardEnd);
  } catch (error) {
    await lan.remove();
    throw error;
  }
  return lan;
}
