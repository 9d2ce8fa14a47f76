import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ListingFingerprint } from './listing-fingerprint.js';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from './test-support/index.js';

const run = promisify(execFile);
const lxc = (tool: string, lxcPath: string, ...args: string[]) => run(tool, ['-P', lxcPath, ...args], { timeout: 60_000 });

describeWithLxc('ListingFingerprint against real LXC, changes made with the LXC tools', () => {
  // Per-container cgroups are named after the container alone: names unique to this run.
  const suffix = randomBytes(3).toString('hex');
  const fingerprint = new ListingFingerprint();
  const lxcPaths: string[] = [];

  afterAll(async () => {
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
  });

  /** The fingerprints of an lxcpath before and after each step, checking that it is steady between steps. */
  async function walk(lxcPath: string, name: string): Promise<string[]> {
    const seen: string[] = [];
    const look = () => {
      const first = fingerprint.take(lxcPath);
      expect(fingerprint.take(lxcPath)).toBe(first);
      seen.push(first);
    };
    look();
    await lxc('lxc-create', lxcPath, '-n', name, '-t', 'busybox');
    look();
    await lxc('lxc-start', lxcPath, '-n', name);
    look();
    await lxc('lxc-stop', lxcPath, '-n', name, '-k');
    look();
    await lxc('lxc-destroy', lxcPath, '-n', name);
    look();
    return seen;
  }

  it('changes with every create, start, stop and destroy, and only then', async () => {
    const lxcPath = await createTemporaryLxcPath();
    lxcPaths.push(lxcPath);

    const [empty, created, started, stopped, destroyed] = await walk(lxcPath, `fp${suffix}`);

    expect(new Set([empty, created, started]).size).toBe(3);
    expect(started).toContain(`|@${lxcPath}/fp${suffix}`);
    // Stopped, it is as it was before its start: its folder is the same and its monitor is gone.
    expect(stopped).toBe(created);
    expect(destroyed).toBe(empty);
  });

  it('sees a start in an lxcpath so long that LXC hashes the socket name', async () => {
    const lxcPath = await createTemporaryLxcPath(`${'long'.repeat(20)}-`);
    lxcPaths.push(lxcPath);
    const name = `fl${suffix}`;
    expect(`${lxcPath}/${name}/command`.length).toBeGreaterThanOrEqual(106);

    const [, created, started, stopped] = await walk(lxcPath, name);

    expect(started).not.toBe(created);
    expect(started).toMatch(/\|@lxc\/[0-9a-f]{16}$/);
    expect(stopped).not.toBe(started);
  });
});
