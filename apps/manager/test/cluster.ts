import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtApp, fixtureProcRoot, freePort, SpawnedApp } from './spawned-app.js';

export const MANAGER_TOKEN = 'manager-test-token-0123456789';
export const COMPUTE_TOKEN = 'compute-test-token-0123456789';
export const POLL_INTERVAL_MS = 500;
export const POLL_TIMEOUT_MS = 1500;
export const HISTORY_INTERVAL_MS = 1000;

export function scratchDirectory(purpose: string): string {
  return mkdtempSync(join(tmpdir(), `tinystack-manager-test-${purpose}-`));
}

/**
 * A real compute node process from dist. Its /proc is a fixed fixture, so
 * that two nodes on one machine differ in load only by their containers and
 * placement is predictable. `lxcPath` null: a node whose LXC tools are
 * missing (PATH leads nowhere), as on a machine without LXC.
 */
export async function computeNodeProcess(name: string, lxcPath: string | null, scratch: string[]): Promise<SpawnedApp> {
  const port = await freePort();
  const directory = scratchDirectory(name);
  scratch.push(directory);
  return new SpawnedApp(
    name,
    builtApp('compute'),
    {
      COMPUTE_HOST: '127.0.0.1',
      COMPUTE_PORT: String(port),
      COMPUTE_TOKEN,
      DATA_DIR: join(directory, 'data'),
      LXC_STOP_TIMEOUT_S: '2',
      LED_ENABLED: 'false',
      PROC_ROOT: fixtureProcRoot(),
      SAMPLE_INTERVAL_MS: '500',
      INVENTORY_INTERVAL_MS: '1000',
      ...(lxcPath ? { LXC_PATH: lxcPath } : { PATH: '/nonexistent' }),
    },
    directory,
    `http://127.0.0.1:${port}`,
  );
}

/** The manager process from dist, keeping its database in `directory` across restarts; `env` adds or replaces variables. */
export async function managerProcess(directory: string, env: Record<string, string> = {}): Promise<SpawnedApp> {
  const port = await freePort();
  return new SpawnedApp(
    'manager',
    builtApp('manager'),
    {
      MANAGER_HOST: '127.0.0.1',
      MANAGER_PORT: String(port),
      MANAGER_TOKEN,
      DATA_DIR: join(directory, 'data'),
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
      NODE_UNREACHABLE_AFTER: '2',
      HISTORY_INTERVAL_MS: String(HISTORY_INTERVAL_MS),
      ...env,
    },
    directory,
    `http://127.0.0.1:${port}`,
  );
}
