import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTokenSource, resolveApiToken } from './api-token.js';

describe('resolveApiToken', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'tinystack-token-'));

  it('uses the configured token and writes nothing', () => {
    const file = join(scratch(), 'token');
    expect(resolveApiToken('configured-token-123', file)).toEqual({
      token: 'configured-token-123',
      source: 'configured',
      tokenFile: file,
    });
    expect(() => statSync(file)).toThrow();
  });

  it('generates a strong token on first run, stores it owner-only, and reuses it on the next run', () => {
    const file = join(scratch(), 'nested', 'token');
    const first = resolveApiToken(undefined, file);
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = resolveApiToken(undefined, file);
    expect(second).toEqual({ token: first.token, source: 'stored', tokenFile: file });
  });

  it('replaces an empty token file with a new token', () => {
    const file = join(scratch(), 'token');
    writeFileSync(file, '\n');
    expect(resolveApiToken(undefined, file).source).toBe('generated');
  });

  it('describes where the token is without showing it', () => {
    const file = join(scratch(), 'token');
    const resolved = resolveApiToken(undefined, file);
    const line = describeTokenSource(resolved, 'COMPUTE_TOKEN');
    expect(line).toContain(file);
    expect(line).not.toContain(resolved.token);
    expect(describeTokenSource({ ...resolved, source: 'configured' }, 'COMPUTE_TOKEN')).toBe('API token taken from COMPUTE_TOKEN');
  });
});
