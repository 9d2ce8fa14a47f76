import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  BETTER_SQLITE3,
  I2C_BUS,
  loadNativeAddon,
  NativeAddonLoadError,
  thisHost,
  type AddonHost,
  type NativeAddon,
} from './native-addon.loader.js';
import { EM_AARCH64, EM_ARM, writeForeignElf } from './test-support/foreign-elf.js';

const load = createRequire(__filename);
const checkout: AddonHost = { ...thisHost(), release: undefined };
const installed: AddonHost = { ...thisHost(), release: '0.1.0' };

function failure(addon: NativeAddon, action: () => unknown, host: AddonHost): NativeAddonLoadError {
  try {
    loadNativeAddon(addon, action, host);
  } catch (error) {
    expect(error).toBeInstanceOf(NativeAddonLoadError);
    return error as NativeAddonLoadError;
  }
  throw new Error('the load did not fail');
}

describe('loadNativeAddon', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-addon-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('returns what the load returns when the addon fits (the real i2c-bus and better-sqlite3 of this checkout)', () => {
    const i2c = loadNativeAddon(I2C_BUS, () => load('i2c-bus') as typeof import('i2c-bus'));
    expect(typeof i2c.openPromisified).toBe('function');
    const db = loadNativeAddon(BETTER_SQLITE3, () => new Database(':memory:'));
    expect(db.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    db.close();
  });

  it('says which file, which CPU it is built for and which this is, where glibc says "No such file"', () => {
    const file = writeForeignElf(join(scratch, 'i2c.node'), 64, EM_AARCH64);
    const error = failure(I2C_BUS, () => load(file), { ...checkout, arch: 'x64' });
    expect((error.cause as Error).message).toContain('cannot open shared object file: No such file or directory');
    expect(error.message).toBe(
      `The native addon of i2c-bus (for the LED matrix on the I2C bus) could not be loaded: ${file} is built for ` +
        'ARM 64-bit (aarch64) (64-bit ELF, e_machine 183), and this machine is x86-64 (process.arch x64). ' +
        'Rebuild it on this machine: npm rebuild i2c-bus (node_modules copied from another CPU never load).',
    );
  });

  it('in an installed release, names the package to install for this CPU', () => {
    const file = writeForeignElf(join(scratch, 'better_sqlite3.node'), 32, EM_ARM);
    const error = failure(BETTER_SQLITE3, () => load(file), { ...installed, arch: 'x64' });
    expect((error.cause as Error).message).toContain('wrong ELF class: ELFCLASS32');
    expect(error.message).toContain(`${file} is built for ARM 32-bit (armv7) (32-bit ELF, e_machine 40)`);
    expect(error.message).toMatch(/Install the tinystack package for x64: tinystack_0\.1\.0_amd64\.deb or tinystack-0\.1\.0-linux-x64\.tar\.gz\.$/);
  });

  it('says a missing package and how to install it', () => {
    const addon = { package: 'tinystack-no-such-addon', purpose: 'a test' };
    expect(failure(addon, () => load('tinystack-no-such-addon'), checkout).message).toBe(
      'The native addon of tinystack-no-such-addon (for a test) could not be loaded: the tinystack-no-such-addon package is not installed. ' +
        'Install the dependencies: npm ci (or npm install tinystack-no-such-addon).',
    );
    expect(failure(addon, () => load('tinystack-no-such-addon'), installed).message).toContain('bin/tinystack-compute, bin/tinystack-manager');
  });

  it('says a Node.js ABI mismatch with both versions', () => {
    // Node's own wording (src/node_binding.cc); the release smoke test meets the real one.
    const file = join(scratch, 'abi.node');
    const abiError = Object.assign(
      new Error(
        `The module '${file}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 137. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const error = failure(BETTER_SQLITE3, () => { throw abiError; }, { ...checkout, nodeVersion: 'v20.20.2', abi: 115 });
    expect(error.message).toBe(
      `The native addon of better-sqlite3 (for the manager's SQLite database) could not be loaded: ${file} is built for ` +
        'Node.js 24 (NODE_MODULE_VERSION 137), and this is Node.js v20.20.2 (NODE_MODULE_VERSION 115). Rebuild it for this Node.js: npm rebuild better-sqlite3',
    );
  });

  it('passes on errors that are not about the addon unchanged', () => {
    const missingFolder = join(scratch, 'no-such-folder', 'manager.sqlite');
    expect(() => loadNativeAddon(BETTER_SQLITE3, () => new Database(missingFolder))).toThrow(TypeError);
    expect(() => loadNativeAddon(BETTER_SQLITE3, () => new Database(missingFolder))).toThrow(/directory does not exist/);
  });

  it('finds the release version in release.json, and none in a checkout', () => {
    const manifest = join(scratch, 'release.json');
    writeFileSync(manifest, JSON.stringify({ version: '9.8.7' }));
    expect(thisHost(manifest).release).toBe('9.8.7');
    expect(thisHost(join(scratch, 'missing.json')).release).toBeUndefined();
    expect(thisHost().release).toBeUndefined();
  });
});
