import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FsProcReader } from './fs.proc-reader.js';
import { fixtureRoot, fixtureText } from './testing/fixture-tree.js';

describe('FsProcReader over a fixture root', () => {
  const reader = new FsProcReader(fixtureRoot('pi-first'));

  it('reads a live-system path below the root', async () => {
    expect(await reader.readText('/proc/stat')).toBe(fixtureText('pi-first', '/proc/stat'));
  });

  it('lists a directory below the root', async () => {
    expect((await reader.listDirectory('/sys/devices/virtual/net')).sort()).toEqual(['lo', 'lxcbr0', 'vethXYZ']);
  });

  it('gives null for a missing file and [] for a missing directory', async () => {
    expect(await reader.readText('/proc/pressure/cpu')).toBeNull();
    expect(await reader.listDirectory('/sys/class/hwmon')).toEqual([]);
  });

  it('gives [] when the path is a file, not a directory', async () => {
    expect(await reader.listDirectory('/proc/stat')).toEqual([]);
  });

  it('gives null for a file that cannot be read (a directory here)', async () => {
    expect(await reader.readText('/sys/class/thermal')).toBeNull();
  });

  it('refuses relative paths', async () => {
    await expect(reader.readText('proc/stat')).rejects.toThrow(TypeError);
  });
});

describe('FsProcReader root', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fs-proc-reader-'));
    writeFileSync(join(scratch, 'marker'), 'below the root');
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads the live system when no root is given', async () => {
    const reader = new FsProcReader();
    expect(await reader.readText(join(scratch, 'marker'))).toBe('below the root');
  });

  it('resolves a relative root against the working directory', async () => {
    const reader = new FsProcReader(relative(process.cwd(), scratch));
    expect(await reader.readText('/marker')).toBe('below the root');
  });
});
