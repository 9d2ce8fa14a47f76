import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HealthDto } from '@tinystack/contracts';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };

describe("GET /health: the node's identity and limits", () => {
  let lxcPath: string;
  let dataDir: string;
  let node: ComputeTestApp | undefined;
  const settings = () => ({
    LXC_PATH: lxcPath,
    DATA_DIR: dataDir,
    LXC_COMMAND_TIMEOUT_MS: 12_000,
    LXC_CREATE_TIMEOUT_MS: 90_000,
    LXC_STOP_TIMEOUT_S: 4,
  });

  beforeEach(async () => {
    lxcPath = await createTemporaryLxcPath();
    dataDir = mkdtempSync(join(tmpdir(), 'tinystack-health-data-'));
  });

  afterEach(async () => {
    await node?.close();
    node = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    await removeLxcPath(lxcPath);
  });

  it('answers the id kept in DATA_DIR/node-id, the package version and the LXC limits, by the contract', async () => {
    node = await startComputeTestApp(settings());

    const health = await node.call('GET', '/health', undefined, null);

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      version: PACKAGE.version,
      limits: { commandTimeoutMs: 12_000, createTimeoutMs: 90_000, stopTimeoutSeconds: 4 },
    });
    expect(readFileSync(join(dataDir, 'node-id'), 'utf8')).toBe(`${health.body.nodeId}\n`);
    expect(statSync(join(dataDir, 'node-id')).mode & 0o777).toBe(0o644);
    const errors = validateSync(plainToInstance(HealthDto, health.body) as object, { whitelist: true, forbidNonWhitelisted: true });
    expect(errors).toEqual([]);
  });

  it('keeps its id across restarts', async () => {
    node = await startComputeTestApp(settings());
    const before = (await node.call('GET', '/health')).body.nodeId;
    await node.close();

    node = await startComputeTestApp(settings());
    const after = (await node.call('GET', '/health')).body.nodeId;

    expect(after).toBe(before);
  });

  it('does not start on a node-id file that holds no id, rather than taking a new one silently', async () => {
    writeFileSync(join(dataDir, 'node-id'), 'garbled\n');

    await expect(startComputeTestApp(settings())).rejects.toThrow(
      `${join(dataDir, 'node-id')} must hold this node's id (a UUID) but holds "garbled"`,
    );
    expect(readFileSync(join(dataDir, 'node-id'), 'utf8')).toBe('garbled\n');
  });
});
