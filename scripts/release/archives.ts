import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tarballName, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { run } from './run-program.js';

/** release/tinystack-<version>-linux-<arch>.tar.gz of a staged tree, its folder at the top, owned by root, sorted. */
export async function buildTarball(tree: string, version: string, arch: ReleaseArch, outputDirectory: string, epoch: number): Promise<string> {
  const file = join(outputDirectory, tarballName(version, arch));
  const uncompressed = file.replace(/\.gz$/, '');
  rmSync(file, { force: true });
  rmSync(uncompressed, { force: true });
  await run(
    'tar',
    ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${epoch}`, '-cf', uncompressed, '-C', dirname(tree), basename(tree)],
    { timeoutMs: 10 * 60_000 },
  );
  await run('gzip', ['-n', '-6', uncompressed], { timeoutMs: 10 * 60_000 });
  if (!existsSync(file)) throw new Error(`gzip did not make ${file}`);
  return file;
}
