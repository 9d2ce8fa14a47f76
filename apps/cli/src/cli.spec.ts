import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from './cli-io.js';
import { runCli } from './cli.js';
import { COMMANDS } from './verbs/verb-table.js';

/** The CLI in this process, with a home of its own and no manager: what it does before it calls one. */
async function cli(args: string[], env: Record<string, string> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: { HOME: home, ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: { isTTY: false, readAll: async () => stdin, ask: async () => Promise.reject(new Error('no terminal in this test')) },
    now: () => Date.parse('2026-01-05T10:00:00.000Z'),
  };
  const code = await runCli(args, io, COMMANDS);
  return { code, stdout, stderr };
}

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tinystack-cli-spec-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
const allVerbs = COMMANDS.flatMap((command) => (command.kind === 'group' ? command.verbs : [command]));

describe('runCli without a manager', () => {
  it('prints the list of verbs for help, --help or nothing at all, within 80 columns', async () => {
    for (const args of [[], ['help'], ['--help'], ['-h']]) {
      const { code, stdout } = await cli(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toContain('Usage: tinystack [global options] VERB');
      expect(widest(stdout)).toBeLessThanOrEqual(80);
    }
  });

  it('has a help of its own for every verb, the same from help VERB and VERB --help, within 80 columns', async () => {
    for (const verb of allVerbs) {
      const words = verb.name.split(' ');
      const fromHelp = await cli(['help', ...words]);
      const fromFlag = await cli([...words, '--help']);
      expect(fromHelp.code, verb.name).toBe(0);
      expect(fromHelp.stdout).toContain(`Usage: tinystack ${verb.name}`);
      expect(fromFlag.stdout).toBe(fromHelp.stdout);
      expect(widest(fromHelp.stdout), verb.name).toBeLessThanOrEqual(80);
      expect(verb.summary.length, `${verb.name} summary`).toBeGreaterThan(0);
    }
  });

  it('shows the help of every verb of a group for the group word', async () => {
    const { stdout } = await cli(['help', 'node']);
    expect(stdout).toContain('Usage: tinystack node show NODE');
    expect(stdout).toContain('Usage: tinystack node add URL');
    expect(stdout).toContain('Usage: tinystack node remove NODE');
  });

  it('follows $COLUMNS', async () => {
    const narrow = await cli(['help'], { COLUMNS: '50' });
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(50);
  });

  it('exits 2 with a message and a pointer to the help for usage errors', async () => {
    expect(await cli(['lunch'])).toEqual({ code: 2, stdout: '', stderr: "tinystack: unknown verb \"lunch\"; tinystack help lists them\ntinystack: see 'tinystack help'\n" });
    expect(await cli(['create'])).toMatchObject({ code: 2, stderr: "tinystack: create needs NAME\ntinystack: see 'tinystack help create'\n" });
    expect(await cli(['rename', 'web1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('rename needs NEW') });
    expect(await cli(['events', '--limit', '0', '--url', 'http://m:1', '--token', 't'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--limit must be a whole number from 1 to 500, not "0"'),
    });
    expect(await cli(['nodes', '--http-timeout', 'soon', '--url', 'http://m:1', '--token', 't'])).toMatchObject({ code: 2 });
    expect(await cli(['node', 'add', 'http://n:7001'], { TINYSTACK_URL: 'http://m:1', TINYSTACK_TOKEN: 't' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("node add needs the node's token: --token TOKEN or --token-file FILE"),
    });
  });

  it('exits 2 when no manager is configured, saying how to give one', async () => {
    const { code, stderr } = await cli(['nodes']);
    expect(code).toBe(2);
    expect(stderr).toContain(`no manager address: pass --url URL, set TINYSTACK_URL, or save one in ${join(home, '.config', 'tinystack', 'config.json')}`);
  });

  it('shows where the address and token come from, never the token', async () => {
    const { code, stdout } = await cli(['config'], { TINYSTACK_URL: 'http://m:1', TINYSTACK_TOKEN: 'very-secret-token-0123' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Manager +http:\/\/m:1 \(from TINYSTACK_URL\)$/m);
    expect(stdout).toMatch(/^Token +set \(from TINYSTACK_TOKEN\)$/m);
    expect(stdout).not.toContain('very-secret-token');
    const json = JSON.parse((await cli(['config', '--json'], { TINYSTACK_URL: 'http://m:1', TINYSTACK_TOKEN: 'very-secret-token-0123' })).stdout);
    expect(json).toMatchObject({ url: 'http://m:1', tokenSet: true, tokenFrom: 'TINYSTACK_TOKEN' });
    expect(JSON.stringify(json)).not.toContain('very-secret-token');
  });
});

describe('the account verbs before they call a manager', () => {
  const manager = { TINYSTACK_URL: 'http://127.0.0.1:1', TINYSTACK_TOKEN: 'some-token-0123456789' };

  it('are listed under their own sections, with ls as another word for instances', async () => {
    const { stdout } = await cli(['help'], {});
    expect(stdout).toMatch(/Your account:\n {2}login /);
    expect(stdout).toMatch(/Class \(teacher\):\n {2}users /);
    expect(stdout).toMatch(/^ {2}instances +List every instance on every node \(also: tinystack ls\)$/m);
    expect((await cli(['help', 'ls'])).stdout).toBe((await cli(['help', 'instances'])).stdout);
    expect((await cli(['help', 'user', 'add'])).stdout).toMatch(/^Usage: tinystack user add \[NAME\.\.\.\] \[--admin\] \[--from FILE\]$/m);
  });

  it('login needs a terminal or --password-stdin with --username, and a password on stdin', async () => {
    expect(await cli(['login'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('no terminal to ask the password at: pipe it in with --password-stdin') });
    expect(await cli(['login', '--password-stdin'], manager, 'secret\n')).toMatchObject({
      code: 2,
      stderr: "tinystack: login --password-stdin needs --username NAME (stdin holds the password)\ntinystack: see 'tinystack help login'\n",
    });
    expect(await cli(['login', '--username', 'ada', '--password-stdin'], manager, '\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('stdin held no password') });
    expect(await cli(['login', '--username', 'ada', '--password-stdin'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('no manager address') });
  });

  it('logout without a saved token says so and changes nothing', async () => {
    expect(await cli(['logout'])).toEqual({ code: 0, stdout: `Not signed in: ${join(home, '.config', 'tinystack', 'config.json')} holds no token.\n`, stderr: '' });
  });

  it('user delete wants the choice for the instances, and user add at least one name', async () => {
    expect(await cli(['user', 'delete', 'ada'], manager)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('say what becomes of their instances: --instances reassign (to admin) or --instances delete'),
    });
    expect(await cli(['user', 'delete', 'ada', '--instances', 'keep'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--instances is reassign or delete, not "keep"') });
    expect(await cli(['user', 'add'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('user add needs NAME (one or more), or --from FILE') });
    expect(await cli(['user', 'add', '--from', join(home, 'none.txt')], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining(`cannot read ${join(home, 'none.txt')}`) });
  });

  it('quota values are whole numbers or the word for "none of its own"', async () => {
    expect(await cli(['quota', '--running', 'lots'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--running is a whole number from 0 to 1000, or unlimited; not "lots"') });
    expect(await cli(['user', 'quota', 'ada', '--instances', '-1'], manager)).toMatchObject({ code: 2 });
    expect(await cli(['user', 'quota', 'ada', '--instances', '1001'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--instances must be a whole number from 0 to 1000') });
    expect(await cli(['user', 'quota', 'ada', '--default', '--running', '2'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--default sets all three to the default: give it alone') });
    expect(await cli(['token', 'add', 'ci', '--days', '0'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--days must be a whole number from 1 to 3650') });
    expect(await cli(['class-code', 'open', '--minutes', '1441'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--minutes must be a whole number from 1 to 1440') });
  });
});
