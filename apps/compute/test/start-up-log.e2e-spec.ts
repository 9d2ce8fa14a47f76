import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPUTE_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import { builtApp, freePort, SpawnedApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';

const TOKEN = 'start-up-log-token-0123456789';
const ANSI_ESCAPE = /\x1b\[/;

/**
 * The real compute node from dist, run as in production (COMPUTE_NODE_FLAGS),
 * its stdout and stderr pipes as under systemd or `npm start`. Its PATH leads
 * nowhere, so LXC is missing: a start-up that has something to warn about.
 */
describe('The compute node start-up output', () => {
  const scratch: string[] = [];
  let node: SpawnedApp | undefined;

  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  afterAll(() => {
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  /** Starts a node with `env` added, waits for its listening line, stops it and answers what it wrote. */
  async function startUpOutput(
    env: Record<string, string>,
    prepare: (dataDir: string) => void = () => undefined,
  ): Promise<{ output: string; port: number }> {
    const directory = mkdtempSync(join(tmpdir(), 'tinystack-start-up-log-'));
    scratch.push(directory);
    prepare(join(directory, 'data'));
    const port = await freePort();
    node = new SpawnedApp(
      'compute node',
      builtApp('compute'),
      {
        PATH: '/nonexistent',
        COMPUTE_HOST: '127.0.0.1',
        COMPUTE_PORT: String(port),
        COMPUTE_TOKEN: TOKEN,
        DATA_DIR: join(directory, 'data'),
        LED_ENABLED: 'false',
        ...env,
      },
      directory,
      `http://127.0.0.1:${port}`,
      COMPUTE_NODE_FLAGS,
    );
    await node.start();
    const started = node;
    await waitFor('the listening line', 10_000, async () => (started.log().includes('listening on') ? true : undefined));
    await node.stop();
    return { output: node.log(), port };
  }

  it('says where it listens, where the token is and what is missing, in plain lines without Nest detail', async () => {
    const { output, port } = await startUpOutput({});
    const lines = output.split('\n').filter(Boolean);

    expect(output).not.toMatch(ANSI_ESCAPE);
    expect(output).not.toContain('Mapped {');
    expect(output).not.toContain('InstanceLoader');
    expect(output).not.toContain('expose_wasm');
    expect(output).not.toContain(TOKEN);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO |WARN |ERROR) \[[^\]]+\] /);
    expect(lines).toContainEqual(expect.stringMatching(/ WARN  \[InstanceInventory\] LXC is not usable on this node: /));
    expect(lines).toContainEqual(expect.stringMatching(/ INFO  \[Compute node\] API token taken from COMPUTE_TOKEN$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(` INFO  \\[Compute node\\] Compute node listening on http://127\\.0\\.0\\.1:${port} \\(API docs: `),
      ),
    );
  });

  it('with LOG_FORMAT=json writes one JSON object per line', async () => {
    const { output, port } = await startUpOutput({ LOG_FORMAT: 'json' });
    const records = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    for (const record of records) {
      expect(record).toMatchObject({ time: expect.any(String), level: expect.any(String), message: expect.any(String) });
    }
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'Compute node',
        message: expect.stringContaining(`listening on http://127.0.0.1:${port}`),
      }),
    );
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', context: 'InstanceInventory' }));
  });

  it("shows Nest's route mappings at LOG_LEVEL=debug", async () => {
    const { output } = await startUpOutput({ LOG_LEVEL: 'debug' });
    expect(output).toMatch(/ DEBUG \[RouterExplorer\] Mapped \{\/instances, GET\} route\n/);
  });

  it('stops at a bad LOG_LEVEL with a message naming it', async () => {
    const attempt = startUpOutput({ LOG_LEVEL: 'chatty' });
    await expect(attempt).rejects.toThrow(/exited with 1 while starting/);
    await expect(attempt).rejects.toThrow(
      'LOG_LEVEL="chatty": LOG_LEVEL must be one of error, warn, info (or log), debug',
    );
  });

  it('stops at a node-id file that holds no id, with one line saying what to do', async () => {
    let nodeIdFile = '';
    const attempt = startUpOutput({}, (dataDir) => {
      mkdirSync(dataDir, { recursive: true });
      nodeIdFile = join(dataDir, 'node-id');
      writeFileSync(nodeIdFile, 'pi-node-1\n');
    });

    await expect(attempt).rejects.toThrow(/exited with 1 while starting/);
    const output = await attempt.catch((error: Error) => error.message);
    expect(output).toContain(` ERROR [Compute node] ${nodeIdFile} must hold this node's id (a UUID) but holds "pi-node-1": `);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
