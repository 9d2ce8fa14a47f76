import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aPersonalToken, aUser } from '@tinystack/manager-client/test-support';
import { pickUser } from '../targets.js';
import { loginTokenName } from './login.verb.js';
import { pickToken } from './tokens.verb.js';
import { namesToAdd } from './users.verb.js';

describe('names to add', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'tinystack-names-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('are those typed, then those of the file: one or more a line, commas allowed, "#" a comment', () => {
    const file = join(directory, 'class.txt');
    writeFileSync(file, '# class 4b\nada\r\nbea, cai\n\n  dan  # joined late\n');
    expect(namesToAdd(['eve'], file)).toEqual(['eve', 'ada', 'bea', 'cai', 'dan']);
    expect(namesToAdd(['eve', 'fay'], undefined)).toEqual(['eve', 'fay']);
    writeFileSync(join(directory, 'empty.txt'), '# nobody yet\n');
    expect(() => namesToAdd([], join(directory, 'empty.txt'))).toThrow(/names nobody/);
  });
});

describe('picking a user by what a teacher types', () => {
  it('takes a username in any case, or an id, and says how to list them otherwise', () => {
    const users = [aUser(), aUser({ id: '00000000-0000-4000-8000-00000000000b', username: 'bob' })];
    expect(pickUser(users, 'Alice').username).toBe('alice');
    expect(pickUser(users, '00000000-0000-4000-8000-00000000000b').username).toBe('bob');
    expect(() => pickUser(users, 'carol')).toThrow('no user named "carol" (tinystack users lists them)');
  });
});

describe('picking a token', () => {
  it('by id, by a name that only one token has, or by the start of its id the table shows', () => {
    const tokens = [aPersonalToken(), aPersonalToken({ id: 'b', name: 'ci' }), aPersonalToken({ id: 'c', name: 'ci' })];
    expect(pickToken(tokens, aPersonalToken().id).name).toBe('cli on lab-pc-3');
    expect(pickToken(tokens, 'cli on lab-pc-3').id).toBe(aPersonalToken().id);
    expect(() => pickToken(tokens, 'ci')).toThrow('2 of your tokens are named "ci": give its id');
    expect(pickToken(tokens, aPersonalToken().id.slice(0, 8)).id).toBe(aPersonalToken().id);
    expect(() => pickToken(tokens, aPersonalToken().id.slice(0, 4))).toThrow('you have no token');
    expect(() => pickToken(tokens, 'nope')).toThrow('you have no token with id or name "nope"');
  });
});

describe('the name of a login token', () => {
  it('says which computer, within the 64 characters the manager takes, without control characters', () => {
    expect(loginTokenName('lab-pc-3')).toBe('cli on lab-pc-3');
    expect(loginTokenName('x'.repeat(100))).toHaveLength(64);
    expect(loginTokenName('pc\u001b[2J')).toBe('cli on pc[2J');
    expect(loginTokenName('')).toBe('cli on this computer');
  });
});
