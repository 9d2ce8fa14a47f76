import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../config/environment.js';
import { describeTokenSource, resolveApiToken } from './api-token.js';

const mode = (path: string) => statSync(path).mode & 0o7777;

describe('resolveApiToken', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'tinystack-token-'));

  it('uses the configured token and writes nothing', () => {
    const file = join(scratch(), 'token');
    expect(resolveApiToken('configured-token-123', file, 'COMPUTE_TOKEN')).toEqual({
      token: 'configured-token-123',
      source: 'configured',
      tokenFile: file,
    });
    expect(() => statSync(file)).toThrow();
  });

  it('generates a strong token on first run, stores it owner-only, and reuses it on the next run', () => {
    const file = join(scratch(), 'nested', 'token');
    const first = resolveApiToken(undefined, file, 'COMPUTE_TOKEN');
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(file, '..'))).toBe(0o700);

    const second = resolveApiToken(undefined, file, 'COMPUTE_TOKEN');
    expect(second).toEqual({ token: first.token, source: 'stored', tokenFile: file });
  });

  it('replaces an empty token file with a new token, owner-only although the old file was not', () => {
    const directory = scratch();
    chmodSync(directory, 0o755);
    const file = join(directory, 'token');
    writeFileSync(file, '\n', { mode: 0o644 });
    expect(resolveApiToken(undefined, file, 'COMPUTE_TOKEN').source).toBe('generated');
    expect(mode(file)).toBe(0o600);
    expect(mode(directory)).toBe(0o700);
  });

  it('makes a stored token file owner-only whatever its mode was', () => {
    const file = join(scratch(), 'token');
    writeFileSync(file, 'stored-token-0123456789\n');
    chmodSync(file, 0o644);
    expect(resolveApiToken(undefined, file, 'MANAGER_TOKEN')).toMatchObject({ token: 'stored-token-0123456789', source: 'stored' });
    expect(mode(file)).toBe(0o600);
  });

  it.each([
    ['a line break', 'configured-token\r\n2026-12-01 INFO forged line'],
    ['a space', 'configured token 0123456789'],
    ['a non-ASCII letter', 'configured-tökén-0123456789'],
    ['513 characters', 'x'.repeat(513)],
  ])('stops on a configured token with %s, naming the variable but never the token', (_case, configured) => {
    const attempt = () => resolveApiToken(configured, join(scratch(), 'token'), 'MANAGER_TOKEN');
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      'MANAGER_TOKEN is not a usable API token: a token is 1 to 512 printable ASCII characters (no spaces, line breaks or other control characters)',
    );
  });

  it('stops on a stored token that breaks the rule, naming the file but never the token', () => {
    const directory = scratch();
    const file = join(directory, 'token');
    writeFileSync(file, 'stored token with spaces\n');
    let message = '';
    try {
      resolveApiToken(undefined, file, 'COMPUTE_TOKEN');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      message = (error as Error).message;
    }
    expect(message).toContain(`${file} does not hold a usable API token`);
    expect(message).toContain('set COMPUTE_TOKEN');
    expect(message).not.toContain('spaces\n');
    expect(message).not.toContain('stored token');
  });

  it('says which directory it cannot use rather than failing with a bare error', () => {
    const blocker = join(scratch(), 'a-file');
    writeFileSync(blocker, '');
    const attempt = () => resolveApiToken(undefined, join(blocker, 'token'), 'COMPUTE_TOKEN');
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(blocker);
  });

  it('describes where the token is without showing it', () => {
    const file = join(scratch(), 'token');
    const resolved = resolveApiToken(undefined, file, 'COMPUTE_TOKEN');
    const line = describeTokenSource(resolved, 'COMPUTE_TOKEN');
    expect(line).toContain(file);
    expect(line).not.toContain(resolved.token);
    expect(describeTokenSource({ ...resolved, source: 'configured' }, 'COMPUTE_TOKEN')).toBe('API token taken from COMPUTE_TOKEN');
  });
});
