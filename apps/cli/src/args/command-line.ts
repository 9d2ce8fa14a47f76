import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../cli.errors.js';
import type { Command, OptionSpecs, Verb } from '../verbs/verb.js';

/** Options every verb takes, before or after it. */
export const GLOBAL_OPTIONS = {
  url: { type: 'string', value: 'URL', description: 'The manager, e.g. http://10.0.0.2:8080 (else TINYSTACK_URL, else the config file)' },
  token: { type: 'string', value: 'TOKEN', description: "The manager's MANAGER_TOKEN (else TINYSTACK_TOKEN, else the config file)" },
  json: { type: 'boolean', description: "Print the manager's answer as JSON instead of text" },
  'http-timeout': { type: 'string', value: 'SECONDS', description: "Give up on a request to the manager, or on the wait for an operation's end, after this long" },
  help: { type: 'boolean', short: 'h', description: 'Show help (tinystack help VERB for one verb)' },
} as const satisfies OptionSpecs;

export type OptionValues = Record<string, string | boolean | undefined>;

/** A command line taken apart: the verb (or none: top-level help), its arguments, and the options. */
export interface ParsedCommandLine {
  verb: Verb | null;
  /** The word typed: the verb, or the group it was found in (`node` for `node add` and for `node pi-1`). */
  command: Command | null;
  /** The verb was named (`node add`), not the group's fallback (`node pi-1`). */
  named: boolean;
  args: string[];
  /** Global options: from before the verb, and from after it where the verb has no option of that name. */
  global: OptionValues;
  /** The verb's own options. */
  options: OptionValues;
}

/**
 * Splits `tinystack [global options] VERB [SUBVERB] [arguments and options]`.
 * Global options go anywhere; after the verb, an option the verb defines
 * itself is the verb's (`node add URL --token T`: the node's token).
 */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): ParsedCommandLine {
  const verbAt = firstPositional(argv);
  const before = parseOptions(argv.slice(0, verbAt === -1 ? argv.length : verbAt), GLOBAL_OPTIONS, false).values;
  if (verbAt === -1) return { verb: null, command: null, named: false, args: [], global: before, options: {} };

  const word = argv[verbAt]!;
  const command = commands.find((candidate) => candidate.name === word);
  if (!command) throw new UsageError(`unknown verb "${word}"; tinystack help lists them`);
  let verb: Verb = command.kind === 'group' ? command.fallback : command;
  let named = command.kind === 'verb';
  let rest = argv.slice(verbAt + 1);
  if (command.kind === 'group') {
    const sub = command.verbs.find((candidate) => candidate.name === `${command.name} ${rest[0]}`);
    if (sub) {
      verb = sub;
      named = true;
      rest = rest.slice(1);
    }
  }

  const own = verb.options;
  const parsed = parseOptions(rest, { ...GLOBAL_OPTIONS, ...own }, true, verb.name);
  const global: OptionValues = { ...before };
  const options: OptionValues = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in own) options[name] = value;
    else global[name] = value;
  }
  return { verb, command, named, args: parsed.positionals, global, options };
}

/** Missing or extra arguments are a usage error naming them. */
export function checkArguments(verb: Verb, args: readonly string[]): void {
  const required = verb.arguments.filter((argument) => !argument.optional);
  if (args.length < required.length) {
    const missing = required.slice(args.length).map((argument) => argument.name);
    throw new UsageError(`${verb.name} needs ${missing.join(' and ')}`, verb.name);
  }
  if (args.length > verb.arguments.length) {
    const extra = args.slice(verb.arguments.length).map((argument) => JSON.stringify(argument));
    throw new UsageError(`${verb.name} takes ${describeArity(verb)}; unexpected ${extra.join(' ')}`, verb.name);
  }
}

function describeArity(verb: Verb): string {
  if (verb.arguments.length === 0) return 'no arguments';
  return verb.arguments.map((argument) => (argument.optional ? `[${argument.name}]` : argument.name)).join(' ');
}

/** Index of the verb: the first word that is neither a global option nor its value; -1 when there is none. */
function firstPositional(argv: readonly string[]): number {
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') return index + 1 < argv.length ? index + 1 : -1;
    if (!token.startsWith('-') || token === '-') return index;
    const name = token.replace(/^--?/, '').split('=')[0]!;
    const spec = (GLOBAL_OPTIONS as OptionSpecs)[name];
    if (!token.startsWith('--') || !spec) {
      if (token === '-h') continue;
      throw new UsageError(`${token} is not a global option; options of a verb go after it (tinystack VERB ${token} ...)`);
    }
    if (spec.type === 'string' && !token.includes('=')) index += 1;
  }
  return -1;
}

function parseOptions(
  args: readonly string[],
  specs: OptionSpecs,
  allowPositionals: boolean,
  verb?: string,
): { values: OptionValues; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error, specs), verb);
  }
}

/** node:util's messages, shorter and in the CLI's words. */
function describeParseError(error: unknown, specs: OptionSpecs): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = option?.replace(/^--?/, '') ?? '';
      const spec = specs[name];
      if (spec?.type === 'boolean') return `${option} takes no value`;
      return `${option ?? 'an option'} needs a value${spec?.value ? ` (${option} ${spec.value}; use ${option}=VALUE for one that starts with -)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim();
    default:
      return message;
  }
}
