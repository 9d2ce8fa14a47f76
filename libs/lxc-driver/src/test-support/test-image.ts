import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecFileProcessRunner } from '../exec-file.process-runner.js';

const TOOL_TIMEOUT_MS = 60_000;

/** A root filesystem tarball made for a test, with what a receiver checks it by. */
export interface TestImage {
  /** The tarball (uncompressed, entries ./bin/busybox…). */
  path: string;
  sha256: string;
  sizeBytes: number;
  /** The marker file's path inside the rootfs and its content. */
  marker: { path: string; content: string };
  /** Removes the tarball and its folder. */
  remove(): Promise<void>;
}

/**
 * A busybox root filesystem (what `lxc-create -t busybox` makes) plus a
 * marker file, packed as an image is: `tar -C rootfs -c .`. The container it
 * comes from lives in a throw-away lxcpath that is gone when this returns.
 * `padBytes` adds a file of random bytes, for an image of a chosen size.
 */
export async function makeTestImage(options: { markerContent?: string; padBytes?: number } = {}): Promise<TestImage> {
  const runner = new ExecFileProcessRunner();
  const folder = await mkdtemp(join(tmpdir(), 'tinystack-image-'));
  const lxcPath = join(folder, 'lxc');
  const name = 'image-source';
  const marker = { path: '/root/marker.txt', content: options.markerContent ?? `made for a test at ${new Date().toISOString()}\n` };
  const run = async (command: string, args: string[]) => {
    const result = await runner.run(command, args, { timeoutMs: TOOL_TIMEOUT_MS });
    if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  };
  try {
    await run('mkdir', ['-p', lxcPath]);
    await run('lxc-create', ['-P', lxcPath, '-n', name, '-t', 'busybox']);
    const rootfs = join(lxcPath, name, 'rootfs');
    await writeFile(join(rootfs, marker.path), marker.content);
    if (options.padBytes) {
      // Random, so that no compression anywhere makes the transfer cheaper than its size.
      await run('dd', ['if=/dev/urandom', `of=${join(rootfs, 'root', 'pad.bin')}`, 'bs=1M', `count=${Math.ceil(options.padBytes / 1048576)}`, 'status=none']);
    }
    const path = join(folder, 'image.tar');
    await run('tar', ['--create', '--file', path, '--directory', rootfs, '--numeric-owner', '.']);
    await run('lxc-destroy', ['-P', lxcPath, '-n', name, '-f']);
    await rm(lxcPath, { recursive: true, force: true });
    return { path, sha256: await sha256Of(path), sizeBytes: (await stat(path)).size, marker, remove: () => rm(folder, { recursive: true, force: true }) };
  } catch (error) {
    await runner.run('lxc-destroy', ['-P', lxcPath, '-n', name, '-f'], { timeoutMs: TOOL_TIMEOUT_MS }).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

export function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
