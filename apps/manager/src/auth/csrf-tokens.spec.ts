import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@tinystack/api-kit';
import { CsrfTokens, sessionSecret } from './csrf-tokens.js';

describe('CSRF tokens', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'tinystack-csrf-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('derives one token per session id from the key, compares in constant time, and refuses any other value', () => {
    const tokens = new CsrfTokens(sessionSecret(join(directory, 'session-secret')));
    const token = tokens.tokenFor('session-a');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.tokenFor('session-a')).toBe(token);
    expect(tokens.tokenFor('session-b')).not.toBe(token);
    expect(tokens.matches(token, token)).toBe(true);
    expect(tokens.matches(token, tokens.tokenFor('session-b'))).toBe(false);
    expect(tokens.matches(token, token.slice(1))).toBe(false);
    expect(tokens.matches(token, undefined)).toBe(false);
  });

  it('makes the key on the first start (owner-only) and reads the same one at the next', () => {
    const file = join(directory, 'session-secret');
    const first = sessionSecret(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(sessionSecret(file).equals(first)).toBe(true);
    expect(new CsrfTokens(sessionSecret(file)).tokenFor('s')).toBe(new CsrfTokens(first).tokenFor('s'));
    expect(readFileSync(file, 'utf8')).not.toContain('\u0000');
  });

  it('stops on a key file that does not hold a key, saying what to do', () => {
    const file = join(directory, 'session-secret');
    writeFileSync(file, 'short\n');
    expect(() => sessionSecret(file)).toThrow(ConfigurationError);
    expect(() => sessionSecret(file)).toThrow('delete it to have a new one made');
  });
});
