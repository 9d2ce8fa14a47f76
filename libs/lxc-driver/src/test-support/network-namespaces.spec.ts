import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeWithNamespaces, TestLan, type LanMember } from './network-namespaces.js';

const run = promisify(execFile);

/** Whether `from` gets an answer from `to` over the LAN (busybox's ping: one echo, one second). */
async function reaches(from: LanMember, to: LanMember): Promise<boolean> {
  const [program, ...args] = from.command('busybox', 'ping', '-c', '1', '-W', '1', to.address);
  return run(program, args, { timeout: 10_000 }).then(
    () => true,
    () => false,
  );
}

describeWithNamespaces('TestLan, a LAN of network namespaces for tests', () => {
  let lan: TestLan | undefined;

  afterEach(async () => {
    await lan?.remove();
    lan = undefined;
  });

  it('links members through one switch, cuts one off and plugs it back, and leaves nothing behind', async () => {
    lan = await TestLan.create();
    const test = await lan.addMember('test', { inTestNamespace: true });
    const board = await lan.addMember('board-1');
    const other = await lan.addMember('board-2');

    expect([test.address, board.address, other.address]).toEqual([`${lan.subnet}.1`, `${lan.subnet}.2`, `${lan.subnet}.3`]);
    expect(lan.subnet).toMatch(/^10\.77\.\d{1,3}$/);
    expect(board.command('node', 'main.js')).toEqual(['ip', 'netns', 'exec', board.namespace, 'node', 'main.js']);
    expect(test.command('node', 'main.js')).toEqual(['node', 'main.js']);
    expect(await reaches(board, other)).toBe(true);
    expect(await reaches(test, board)).toBe(true);

    await lan.disconnect(board);
    expect(await reaches(other, board)).toBe(false);
    expect(await reaches(test, board)).toBe(false);
    expect(await reaches(test, other)).toBe(true);
    await lan.reconnect(board);
    expect(await reaches(other, board)).toBe(true);

    // A member has no way out of the LAN: no default route.
    const [program, ...args] = board.command('ip', '-4', 'route', 'show', 'default');
    expect((await run(program, args, { timeout: 10_000 })).stdout.trim()).toBe('');

    const id = lan.id;
    await lan.remove();
    lan = undefined;
    expect((await run('ip', ['netns', 'list'], { timeout: 10_000 })).stdout).not.toContain(id);
    expect((await run('ip', ['-o', 'link', 'show'], { timeout: 10_000 })).stdout).not.toContain(id);
  });

  it('refuses a member name that would not make a namespace name, and a name taken', async () => {
    lan = await TestLan.create();
    await lan.addMember('board');
    await expect(lan.addMember('board')).rejects.toThrow('The LAN has a member "board" already');
    await expect(lan.addMember('Board 2')).rejects.toThrow('A LAN member\'s name is 1 to 20 of a-z, 0-9 and "-"');
  });
});
