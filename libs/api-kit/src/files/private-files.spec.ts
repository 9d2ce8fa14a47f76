import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../config/environment.js';
import { keepPrivate, preparePrivateDirectory, preparePrivateFile, writePrivateFile } from './private-files.js';

const mode = (path: string) => statSync(path).mode & 0o7777;
const scratch = () => mkdtempSync(join(tmpdir(), 'tinystack-private-'));

describe('preparePrivateDirectory', () => {
  it('creates a missing directory and its parents owner-only', () => {
    const directory = join(scratch(), 'a', 'data');
    preparePrivateDirectory(directory);
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(directory, '..'))).toBe(0o700);
  });

  it.each([0o755, 0o777, 0o2750, 0o500])('makes an existing directory of mode %o owner-only', (before) => {
    const directory = join(scratch(), 'data');
    mkdirSync(directory);
    chmodSync(directory, before);
    preparePrivateDirectory(directory);
    expect(mode(directory)).toBe(0o700);
  });

  it('refuses a shared directory such as /tmp instead of locking everybody else out of it', () => {
    const shared = join(scratch(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => preparePrivateDirectory(shared)).toThrow(ConfigurationError);
    expect(() => preparePrivateDirectory(shared)).toThrow(`${shared} is a shared directory (sticky bit, like /tmp)`);
    expect(mode(shared)).toBe(0o1777);
  });

  it('says so when the path is a file', () => {
    const file = join(scratch(), 'data');
    writeFileSync(file, '');
    expect(() => preparePrivateDirectory(file)).toThrow(ConfigurationError);
    expect(() => preparePrivateDirectory(file)).toThrow(file);
  });
});

describe('private files', () => {
  it('preparePrivateFile creates an empty owner-only file and keeps what an existing one holds', () => {
    const file = join(scratch(), 'db');
    preparePrivateFile(file);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('');

    writeFileSync(file, 'kept');
    chmodSync(file, 0o644);
    preparePrivateFile(file);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('kept');
  });

  it('writePrivateFile leaves an existing file of mode 644 owner-only', () => {
    const file = join(scratch(), 'token');
    writeFileSync(file, 'old', { mode: 0o644 });
    chmodSync(file, 0o644);
    writePrivateFile(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(mode(file)).toBe(0o600);
  });

  it('keepPrivate changes an existing file and ignores a missing one', () => {
    const file = join(scratch(), 'manager.sqlite-wal');
    keepPrivate(file);
    expect(() => statSync(file)).toThrow();
    writeFileSync(file, '');
    chmodSync(file, 0o666);
    keepPrivate(file);
    expect(mode(file)).toBe(0o600);
  });
});
