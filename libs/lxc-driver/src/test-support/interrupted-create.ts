import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PARTIAL_MARKER } from '../container-folder.js';
import { ExecFileProcessRunner } from '../exec-file.process-runner.js';

const TOOL_TIMEOUT_MS = 30_000;
const ATTEMPTS = 10;

/**
 * Leaves the busybox container `name` of `lxcPath` as a power cut during
 * lxc-create does: lxc-create runs in its own process group, and the whole
 * group (the template script too) gets SIGKILL once LXC's partial marker and
 * the config are written, which is when LXC starts listing the container (as
 * STOPPED). A create that finished first is destroyed and tried again.
 */
export async function interruptCreate(lxcPath: string, name: string): Promise<void> {
  const folder = join(lxcPath, name);
  const halfMade = () => existsSync(join(folder, PARTIAL_MARKER)) && existsSync(join(folder, 'config'));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const child = spawn('lxc-create', ['-P', lxcPath, '-n', name, '-t', 'busybox'], { detached: true, stdio: 'ignore' });
    let exited = false;
    const exit = new Promise<void>((resolve) =>
      child.once('exit', () => {
        exited = true;
        resolve();
      }),
    );
    const deadline = Date.now() + TOOL_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
      if (halfMade()) break;
      await sleep(1);
    }
    killGroup(child.pid!);
    await exit;
    if (halfMade()) return;
    await new ExecFileProcessRunner().run('lxc-destroy', ['-P', lxcPath, '-n', name, '-f'], { timeoutMs: TOOL_TIMEOUT_MS });
    await rm(folder, { recursive: true, force: true });
  }
  throw new Error(`lxc-create of "${name}" finished before it could be cut off, ${ATTEMPTS} times`);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the create finished by itself.
  }
}
