import { UsageError } from '../cli.errors.js';
import { defineVerb, type Command } from '../verbs/verb.js';
import { checkArguments, parseCommandLine } from './command-line.js';
import { parseDuration } from './duration.js';

const run = async () => undefined;
const create = defineVerb({
  name: 'create',
  section: 'Instances',
  summary: '',
  description: [],
  arguments: [{ name: 'NAME' }],
  options: { node: { type: 'string', value: 'NODE', description: '' }, start: { type: 'boolean', description: '' } },
  run,
});
const nodeShow = defineVerb({ name: 'node show', section: 'Nodes', summary: '', description: [], arguments: [{ name: 'NODE' }], run });
const nodeAdd = defineVerb({
  name: 'node add',
  section: 'Nodes',
  summary: '',
  description: [],
  arguments: [{ name: 'URL' }],
  options: { token: { type: 'string', value: 'TOKEN', description: '' } },
  run,
});
const COMMANDS: Command[] = [create, { kind: 'group', name: 'node', verbs: [nodeShow, nodeAdd], fallback: nodeShow }];

const usageError = (action: () => unknown): UsageError => {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('parseCommandLine', () => {
  it('takes global options before or after the verb, and the verb its own', () => {
    const parsed = parseCommandLine(['--url', 'http://m:8080', 'create', 'web1', '--start', '--json', '--node=pi-1'], COMMANDS);
    expect(parsed.verb).toBe(create);
    expect(parsed.args).toEqual(['web1']);
    expect(parsed.global).toEqual({ url: 'http://m:8080', json: true });
    expect(parsed.options).toEqual({ start: true, node: 'pi-1' });
  });

  it('finds a group verb by its second word, and the fallback otherwise', () => {
    expect(parseCommandLine(['node', 'add', 'http://n:7001'], COMMANDS)).toMatchObject({ verb: nodeAdd, named: true, args: ['http://n:7001'] });
    expect(parseCommandLine(['node', 'pi-1'], COMMANDS)).toMatchObject({ verb: nodeShow, named: false, args: ['pi-1'] });
  });

  it("gives an option the verb defines itself to the verb: the node's token after node add, the manager's before", () => {
    const parsed = parseCommandLine(['--token', 'manager-secret', 'node', 'add', 'http://n:7001', '--token', 'node-secret'], COMMANDS);
    expect(parsed.global['token']).toBe('manager-secret');
    expect(parsed.options['token']).toBe('node-secret');
  });

  it('has no verb for an empty command line or only global options (top-level help)', () => {
    expect(parseCommandLine([], COMMANDS).verb).toBeNull();
    expect(parseCommandLine(['--help'], COMMANDS)).toMatchObject({ verb: null, global: { help: true } });
    expect(parseCommandLine(['-h'], COMMANDS)).toMatchObject({ verb: null, global: { help: true } });
  });

  it('says what is wrong in its own words', () => {
    expect(usageError(() => parseCommandLine(['lunch'], COMMANDS)).message).toBe('unknown verb "lunch"; tinystack help lists them');
    expect(usageError(() => parseCommandLine(['create', 'web1', '--colour'], COMMANDS))).toMatchObject({
      message: 'unknown option --colour',
      verb: 'create',
    });
    expect(usageError(() => parseCommandLine(['create', 'web1', '--node'], COMMANDS)).message).toMatch(/^--node needs a value/);
    expect(usageError(() => parseCommandLine(['create', 'web1', '--start=yes'], COMMANDS)).message).toBe('--start takes no value');
    expect(usageError(() => parseCommandLine(['--node', 'pi-1', 'create', 'web1'], COMMANDS)).message).toMatch(
      /^--node is not a global option; options of a verb go after it/,
    );
  });

  it('takes what follows -- as arguments, even when it starts with a dash', () => {
    expect(parseCommandLine(['create', '--', '-odd'], COMMANDS).args).toEqual(['-odd']);
  });
});

describe('checkArguments', () => {
  it('names missing and unexpected arguments', () => {
    expect(usageError(() => checkArguments(create, [])).message).toBe('create needs NAME');
    expect(usageError(() => checkArguments(create, ['a', 'b'])).message).toBe('create takes NAME; unexpected "b"');
    expect(() => checkArguments(create, ['web1'])).not.toThrow();
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect([parseDuration('90s', '--since', 'usage'), parseDuration('10m', '--since', 'usage'), parseDuration('2h', '--since', 'usage'), parseDuration('1d', '--since', 'usage')]).toEqual([
      90_000, 600_000, 7_200_000, 86_400_000,
    ]);
  });

  it('refuses anything else, saying what it takes', () => {
    for (const text of ['10', '0m', '-5m', '1.5h', '1w', ''])
      expect(usageError(() => parseDuration(text, '--since', 'usage')).message).toMatch(/^--since takes a span like 90s, 10m, 2h or 1d/);
  });
});
