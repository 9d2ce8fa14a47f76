import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FsProcReader } from './fs.proc-reader.js';
import { ProcText } from './proc-text.js';
import { fixtureRoot, fixtureText } from './testing/fixture-tree.js';

describe('FsProcReader over a fixture root', () => {
  const reader = new FsProcReader(fixtureRoot('pi-first'));

  it('reads a live-system path below the root, as bytes and as text', () => {
    const text = new ProcText(16);
    reader.readInto('/proc/stat', text);
    expect(text.toString()).toBe(fixtureText('pi-first', '/proc/stat'));
    expect(text.bytes.length).toBeGreaterThanOrEqual(text.length);
    expect(reader.readText('/proc/stat')).toBe(fixtureText('pi-first', '/proc/stat'));
  });

  it('lists a directory below the root, and says what exists', () => {
    expect(reader.listDirectory('/sys/devices/virtual/net').sort()).toEqual(['lo', 'lxcbr0', 'vethXYZ']);
    expect(reader.exists('/sys/class/thermal/thermal_zone0/temp')).toBe(true);
    expect(reader.exists('/run/systemd/timesync/synchronized')).toBe(false);
  });

  it('gives "unreadable" for a missing file and [] for a missing directory', () => {
    const text = ProcText.of('left from before');
    reader.readInto('/proc/pressure/cpu', text);
    expect(text.readable).toBe(false);
    expect(reader.readText('/proc/pressure/cpu')).toBeNull();
    expect(reader.listDirectory('/sys/class/hwmon')).toEqual([]);
  });

  it('gives [] when the path is a file, not a directory', () => {
    expect(reader.listDirectory('/proc/stat')).toEqual([]);
  });

  it('gives "unreadable" for a file that cannot be read (a directory here)', () => {
    const text = new ProcText();
    reader.readInto('/sys/class/thermal', text);
    expect(text.readable).toBe(false);
    expect(reader.readText('/sys/class/thermal')).toBeNull();
  });

  it('refuses relative paths', () => {
    expect(() => reader.readText('proc/stat')).toThrow(TypeError);
  });
});

describe('FsProcReader roots', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fs-proc-reader-'));
    writeFileSync(join(scratch, 'marker'), 'below the root');
    for (const tree of ['proc', 'sys', 'run']) {
      mkdirSync(join(scratch, `${tree}-root`, tree), { recursive: true });
      writeFileSync(join(scratch, `${tree}-root`, tree, 'which'), `${tree} tree`);
    }
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads the live system when no root is given', () => {
    const reader = new FsProcReader();
    expect(reader.readText(join(scratch, 'marker'))).toBe('below the root');
  });

  it('resolves a relative root against the working directory', () => {
    const reader = new FsProcReader(relative(process.cwd(), scratch));
    expect(reader.readText('/marker')).toBe('below the root');
  });

  it('reads /proc, /sys and /run each below its own root, and the rest below the proc root', () => {
    const reader = new FsProcReader({ proc: join(scratch, 'proc-root'), sys: join(scratch, 'sys-root'), run: join(scratch, 'run-root') });
    expect(['/proc/which', '/sys/which', '/run/which'].map((path) => reader.readText(path))).toEqual(['proc tree', 'sys tree', 'run tree']);
    writeFileSync(join(scratch, 'proc-root', 'elsewhere'), 'other paths');
    expect(reader.readText('/elsewhere')).toBe('other paths');
  });

  it('reads /sys and /run below the proc root unless told otherwise', () => {
    const root = join(scratch, 'proc-root');
    mkdirSync(join(root, 'sys'), { recursive: true });
    writeFileSync(join(root, 'sys', 'which'), 'sys below proc root');
    expect(new FsProcReader({ proc: root }).readText('/sys/which')).toBe('sys below proc root');
  });

  it('keeps a file open and reads it afresh from its start at every reading, until closed', () => {
    const file = join(scratch, 'counter');
    writeFileSync(file, 'first reading, longer');
    const reader = new FsProcReader(scratch);
    const text = new ProcText(64);
    reader.readInto('/counter', text);
    writeFileSync(file, 'second');
    reader.readInto('/counter', text);
    expect(text.toString()).toBe('second');

    reader.close();
    rmSync(file);
    reader.readInto('/counter', text);
    expect(text.readable).toBe(false);
  });

  it('grows its buffer for a file larger than it', () => {
    const large = 'x'.repeat(70_000);
    writeFileSync(join(scratch, 'large'), large);
    const text = new ProcText(16);
    new FsProcReader(scratch).readInto('/large', text);
    expect(text.length).toBe(70_000);
    expect(text.toString()).toBe(large);
  });
});
