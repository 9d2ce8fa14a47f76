import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANAGER_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import type { LanMember } from '@tinystack/lxc-driver/test-support';
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
 * A host as a test's compute node sees it: the load figures of the fixed
 * fixture (so that nodes differ only by their containers), and for its
 * readiness checks the files of this machine itself (LXC's default config,
 * cgroups, the page size, the bridge, the DHCP server's socket): a node on a
 * machine that has what a board needs is ready, and its LED matrix shows its
 * figures, not the not-ready pattern. In a network namespace the bridge is
 * not there (its /sys has none), and the node says so.
 */
export function testHostRoot(scratch: string[]): string {
  const root = scratchDirectory('host-root');
  scratch.push(root);
  cpSync(fixtureProcRoot(), root, { recursive: true });
  const link = (path: string, target: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    symlinkSync(target, join(root, path));
  };
  link('etc/lxc/default.conf', '/etc/lxc/default.conf');
  link('proc/cgroups', '/proc/cgroups');
  // Resolved by the reading process: its own auxiliary vector.
  link('proc/self', '/proc/self');
  link('proc/net/udp', '/proc/net/udp');
  link('sys/fs/cgroup/cgroup.controllers', '/sys/fs/cgroup/cgroup.controllers');
  link('sys/class/net/lxcbr0', '/sys/class/net/lxcbr0');
  return root;
}

/**
 * A real compute node process from dist. Its /proc is a fixed fixture, so
 * that two nodes on one machine differ in load only by their containers and
 * placement is predictable (its readiness is the machine's: testHostRoot).
 * `lxcPath` null: a node whose LXC tools are missing (PATH leads nowhere),
 * as on a machine without LXC.
 */
export async function computeNodeProcess(
  name: string,
  lxcPath: string | null,
  scratch: string[],
  options: { env?: Record<string, string>; on?: LanMember } = {},
): Promise<SpawnedApp> {
  const port = options.on ? LAN_COMPUTE_PORT : await freePort();
  const directory = scratchDirectory(name);
  scratch.push(directory);
  return new SpawnedApp(
    name,
    options.on ? options.on.command(process.execPath, builtApp('compute')) : builtApp('compute'),
    {
      COMPUTE_HOST: options.on ? '0.0.0.0' : '127.0.0.1',
      COMPUTE_PORT: String(port),
      COMPUTE_TOKEN,
      DATA_DIR: join(directory, 'data'),
      LXC_STOP_TIMEOUT_S: '2',
      LED_ENABLED: 'false',
      PROC_ROOT: testHostRoot(scratch),
      SAMPLE_INTERVAL_MS: '500',
      INVENTORY_INTERVAL_MS: '1000',
      ...(lxcPath ? { LXC_PATH: lxcPath } : { PATH: '/nonexistent' }),
      ...options.env,
    },
    directory,
    `http://${options.on?.address ?? '127.0.0.1'}:${port}`,
  );
}

/** The ports of a manager and a compute node on a member of a TestLan (each has a network namespace of its own). */
export const LAN_MANAGER_PORT = 8080;
export const LAN_COMPUTE_PORT = 7001;

/** The manager process from dist, keeping its database in `directory` (or `dataDirectory`) across restarts. */
export async function managerProcess(
  directory: string,
  options: { env?: Record<string, string>; dataDirectory?: string; on?: LanMember } = {},
): Promise<SpawnedApp> {
  const port = options.on ? LAN_MANAGER_PORT : await freePort();
  return new SpawnedApp(
    'manager',
    options.on ? options.on.command(process.execPath, ...MANAGER_NODE_FLAGS, builtApp('manager')) : builtApp('manager'),
    {
      MANAGER_HOST: options.on ? '0.0.0.0' : '127.0.0.1',
      MANAGER_PORT: String(port),
      MANAGER_TOKEN,
      DATA_DIR: options.dataDirectory ?? join(directory, 'data'),
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
      NODE_UNREACHABLE_AFTER: '2',
      HISTORY_INTERVAL_MS: String(HISTORY_INTERVAL_MS),
      // Written as they come, as the tests read the database (and fill the disk) within seconds.
      HISTORY_FLUSH_MS: String(HISTORY_INTERVAL_MS),
      EVENT_KEEPALIVE_MS: String(EVENT_KEEPALIVE_MS),
      // Off unless a test is about it: managers of other tests on this machine would hear each other's boards.
      DISCOVERY_ENABLED: 'false',
      // A free port for the MQTT broker: test managers run side by side, and 1883 may be a real broker's.
      MQTT_PORT: '0',
      ...options.env,
    },
    directory,
    `http://${options.on?.address ?? '127.0.0.1'}:${port}`,
    options.on ? [] : MANAGER_NODE_FLAGS,
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
