import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve, isAbsolute } from 'node:path';
import { describe, it } from 'vitest';
import { ExecFileProcessRunner } from '../exec-file.process-runner.js';

/** Whether tests may drive real LXC on this machine, and why not. */
export interface LxcTestEnvironment {
  usable: boolean;
  reason: string | null;
}

const REQUIRED_PROGRAMS = [
  'lxc-ls',
  'lxc-info',
  'lxc-create',
  'lxc-start',
  'lxc-wait',
  'lxc-stop',
  'lxc-copy',
  'lxc-destroy',
  'busybox',
];
const BRIDGE = 'lxcbr0';
const TOOL_TIMEOUT_MS = 30_000;
const LXC_PATH_PREFIX = 'tinystack-lxc-';

let decision: LxcTestEnvironment | undefined;

/** Decided once per test process: root, the LXC tools and busybox, and the lxcbr0 bridge. */
export function lxcTestEnvironment(): LxcTestEnvironment {
  decision ??= inspectHost();
  return decision;
}

/**
 * `describe` for suites that drive real LXC. Where LXC cannot run, the suite is skipped
 * with a warning, or fails with the reason when TINYSTACK_REQUIRE_LXC=1 (CI).
 */
export function describeWithLxc(name: string, suite: () => void): void {
  const environment = lxcTestEnvironment();
  if (environment.usable) {
    describe(name, suite);
    return;
  }
  if (process.env['TINYSTACK_REQUIRE_LXC'] === '1') {
    describe(name, () => {
      it('needs a host that can run LXC (TINYSTACK_REQUIRE_LXC=1)', () => {
        throw new Error(`Real-LXC tests cannot run here: ${environment.reason}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${environment.reason} (set TINYSTACK_REQUIRE_LXC=1 to fail instead)`);
  describe.skip(name, suite);
}

/** A fresh, empty lxcpath under the OS temporary directory; pass it as `lxcPath`. `hint` goes into its name. */
export function createTemporaryLxcPath(hint = ''): Promise<string> {
  return mkdtemp(join(tmpdir(), `${LXC_PATH_PREFIX}${hint}`));
}

/**
 * Force-destroys every container of a temporary lxcpath through the LXC tools, then
 * deletes the directory. Refuses any path that `createTemporaryLxcPath` did not make,
 * so a slip can never reach /var/lib/lxc. Throws after cleaning up when a container
 * would not go, so a leak fails the suite instead of passing unnoticed.
 */
export async function removeLxcPath(lxcPath: string): Promise<void> {
  assertTemporaryLxcPath(lxcPath);
  const runner = new ExecFileProcessRunner();
  const problems: string[] = [];
  if (existsSync(lxcPath)) {
    const listed = await runner.run('lxc-ls', ['-P', lxcPath, '-1'], { timeoutMs: TOOL_TIMEOUT_MS });
    const names = listed.stdout.split(/\s+/).filter((name) => name !== '');
    for (const name of names) {
      const destroyed = await runner
        .run('lxc-destroy', ['-P', lxcPath, '-n', name, '-s', '-f'], { timeoutMs: TOOL_TIMEOUT_MS })
        .catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
      if (destroyed.exitCode !== 0) problems.push(`${name}: ${destroyed.stderr.trim()}`);
    }
  }
  await rm(lxcPath, { recursive: true, force: true });
  if (problems.length > 0) {
    throw new Error(`Containers of ${lxcPath} could not be destroyed:\n${problems.join('\n')}`);
  }
}

function assertTemporaryLxcPath(lxcPath: string): void {
  const fromTmp = relative(resolve(tmpdir()), resolve(lxcPath));
  const isDirectChild = fromTmp !== '' && !fromTmp.includes('/') && !isAbsolute(fromTmp) && !fromTmp.startsWith('..');
  if (!isDirectChild || !fromTmp.startsWith(LXC_PATH_PREFIX)) {
    throw new Error(`Refusing to remove ${lxcPath}: not a path made by createTemporaryLxcPath()`);
  }
}

function inspectHost(): LxcTestEnvironment {
  if (process.platform !== 'linux') return unusable('LXC needs Linux');
  if (process.getuid?.() !== 0) return unusable('real-LXC tests need root');
  const missing = REQUIRED_PROGRAMS.filter((program) => !isOnPath(program));
  if (missing.length > 0) {
    return unusable(`${missing.join(', ')} not found: apt-get install lxc busybox-static`);
  }
  try {
    execFileSync('lxc-ls', ['--version'], { timeout: TOOL_TIMEOUT_MS, stdio: 'ignore' });
  } catch (error) {
    return unusable(`lxc-ls --version fails: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!existsSync(`/sys/class/net/${BRIDGE}`)) {
    return unusable(
      `the ${BRIDGE} bridge is missing: ip link add ${BRIDGE} type bridge && ` +
        `ip addr add 10.0.3.1/24 dev ${BRIDGE} && ip link set ${BRIDGE} up`,
    );
  }
  return { usable: true, reason: null };
}

function isOnPath(program: string): boolean {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((directory) => directory !== '')
    .some((directory) => {
      try {
        accessSync(join(directory, program), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function unusable(reason: string): LxcTestEnvironment {
  return { usable: false, reason };
}
