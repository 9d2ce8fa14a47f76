import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANAGER_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import { builtApp, fixtureProcRoot, freePort, SpawnedApp } from './spawned-app.js';

export const MANAGER_TOKEN = 'manager-test-token-0123456789';
export const COMPUTE_TOKEN = 'compute-test-token-0123456789';
export const POLL_INTERVAL_MS = 500;
export const POLL_TIMEOUT_MS = 1500;
export const HISTORY_INTERVAL_MS = 1000;
export const EVENT_KEEPALIVE_MS = 1000;

export function scratchDirectory(purpose: string): string {
  return mkdtempSync(join(tmpdir(), `tinystack-manager-test-${purpose}-`));
}

/**
 * A real compute node process from dist. Its /proc is a fixed fixture, so
 * that two nodes on one machine differ in load only by their containers and
 * placement is predictable. `lxcPath` null: a node whose LXC tools are
 * missing (PATH leads nowhere), as on a machine without LXC.
 */
export async function computeNodeProcess(
  name: string,
  lxcPath: string | null,
  scratch: string[],
  options: { env?: Record<string, string> } = {},
): Promise<SpawnedApp> {
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
      ...options.env,
    },
    directory,
    `http://127.0.0.1:${port}`,
  );
}

/** The manager process from dist, keeping its database in `directory` (or `dataDirectory`) across restarts. */
export async function managerProcess(
  directory: string,
  options: { env?: Record<string, string>; dataDirectory?: string } = {},
): Promise<SpawnedApp> {
  const port = await freePort();
  return new SpawnedApp(
    'manager',
    builtApp('manager'),
    {
      MANAGER_HOST: '127.0.0.1',
      MANAGER_PORT: String(port),
      MANAGER_TOKEN,
      DATA_DIR: options.dataDirectory ?? join(directory, 'data'),
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
      NODE_UNREACHABLE_AFTER: '2',
      HISTORY_INTERVAL_MS: String(HISTORY_INTERVAL_MS),
      EVENT_KEEPALIVE_MS: String(EVENT_KEEPALIVE_MS),
      // A free port for the MQTT broker: test managers run side by side, and 1883 may be a real broker's.
      MQTT_PORT: '0',
      ...options.env,
    },
    directory,
    `http://127.0.0.1:${port}`,
    MANAGER_NODE_FLAGS,
  );
}

/**
 * A directory to put first on a compute node's PATH, holding a `name` that
 * sleeps `seconds`, then runs the real tool with its arguments: a slow board.
 */
export function slowToolDirectory(name: string, seconds: number, scratch: string[]): string {
  const directory = scratchDirectory(`slow-${name}`);
  scratch.push(directory);
  const real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', timeout: 5000 }).trim();
  writeFileSync(join(directory, name), `#!/bin/sh\nsleep ${seconds}\nexec ${real} "$@"\n`, { mode: 0o755 });
  return directory;
}

/** The PATH of a compute node that finds `directory` first. */
export function pathWith(directory: string): string {
  return `${directory}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
}
