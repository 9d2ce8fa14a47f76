import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPUTE_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import { builtApp, freePort, SpawnedApp } from '../../manager/test/spawned-app.js';

const STORED_TOKEN = 'stored-compute-token-0123456789';
const mode = (path: string) => statSync(path).mode & 0o7777;

/**
 * The compute node from dist, as in production, on a DATA_DIR left by
 * somebody else. LXC is not needed (its PATH leads nowhere).
 */
describe('The compute node DATA_DIR', () => {
  const scratch: string[] = [];
  let node: SpawnedApp | undefined;

  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  afterAll(() => {
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  async function startNode(dataDir: string, directory: string): Promise<SpawnedApp> {
    const port = await freePort();
    node = new SpawnedApp(
      'compute node',
      builtApp('compute'),
      { PATH: '/nonexistent', COMPUTE_HOST: '127.0.0.1', COMPUTE_PORT: String(port), DATA_DIR: dataDir, LED_ENABLED: 'false' },
      directory,
      `http://127.0.0.1:${port}`,
      COMPUTE_NODE_FLAGS,
    );
    await node.start();
    return node;
  }

  const scratchDirectory = () => {
    const directory = mkdtempSync(join(tmpdir(), 'tinystack-compute-data-dir-'));
    scratch.push(directory);
    return directory;
  };

  it('makes an existing 755 DATA_DIR and a 644 token file owner-only, and uses the stored token', async () => {
    const directory = scratchDirectory();
    const dataDir = join(directory, 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const tokenFile = join(dataDir, 'compute-token');
    writeFileSync(tokenFile, `${STORED_TOKEN}\n`);
    chmodSync(tokenFile, 0o644);

    const started = await startNode(dataDir, directory);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(tokenFile)).toBe(0o600);
    const usage = await fetch(`${started.baseUrl}/usage`, {
      headers: { authorization: `Bearer ${STORED_TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    });
    expect(usage.status).toBe(200);
    expect(started.log()).not.toContain(STORED_TOKEN);
  });

  it('creates a missing DATA_DIR 700 with a generated token file 600', async () => {
    const directory = scratchDirectory();
    const dataDir = join(directory, 'nested', 'data');
    const started = await startNode(dataDir, directory);
    expect(mode(dataDir)).toBe(0o700);
    const tokenFile = join(dataDir, 'compute-token');
    expect(mode(tokenFile)).toBe(0o600);
    expect(started.log()).not.toContain(readFileSync(tokenFile, 'utf8').trim());
  });

  it('refuses to start on a stored token that breaks the token rule, naming the file and not the token', async () => {
    const directory = scratchDirectory();
    const dataDir = join(directory, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'compute-token'), 'a stored token\twith spaces\n');
    await expect(startNode(dataDir, directory)).rejects.toThrow(/exited with 1 while starting/);
    const output = node!.log();
    expect(output).toContain(`${join(dataDir, 'compute-token')} does not hold a usable API token`);
    expect(output).not.toContain('with spaces');
  });

  it('refuses a shared DATA_DIR such as /tmp rather than locking everybody else out of it', async () => {
    const directory = scratchDirectory();
    const shared = join(directory, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await expect(startNode(shared, directory)).rejects.toThrow(/exited with 1 while starting/);
    expect(node!.log()).toContain(`${shared} is a shared directory (sticky bit, like /tmp): give the app a directory of its own`);
    expect(mode(shared)).toBe(0o1777);
  });
});
