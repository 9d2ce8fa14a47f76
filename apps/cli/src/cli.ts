import { ManagerAnsweredError, ManagerClient, ManagerClientError } from '@tinystack/manager-client';
import { checkArguments, parseCommandLine, type OptionValues } from './args/command-line.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, OperationFailedError, UsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { configLocation } from './config/cli-config.js';
import { resolveConnection, type Connection } from './config/connection.js';
import { commandHelp, topHelp, verbHelp } from './help.js';
import { Output } from './output/output.js';
import { DEFAULT_TIMEOUTS } from './timeouts.js';
import type { Command, Timeouts, Verb, VerbCall } from './verbs/verb.js';


/** Runs one command line; resolves to the exit code (0 done, 1 refused or failed, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const out = new Output(io);
  let verbName: string | undefined;
  let connection: Connection | undefined;
  try {
    const parsed = parseCommandLine(argv, commands);
    verbName = parsed.verb?.name;
    if (!parsed.verb) {
      if (argv.length > 0 && !parsed.global['help']) throw new UsageError('which verb? tinystack help lists them');
      out.line(topHelp(commands, out.width, configLocation(io.env).file));
      return EXIT_OK;
    }
    if (parsed.global['help']) {
      out.line(parsed.named ? verbHelp(parsed.verb, out.width) : commandHelp(parsed.command!, out.width));
      return EXIT_OK;
    }
    checkArguments(parsed.verb, parsed.args);
    const call = verbCall(parsed.verb, parsed.args, parsed.global, parsed.options, io, out, commands, () => {
      connection ??= resolveConnection(
        { url: stringValue(parsed.global['url']), token: stringValue(parsed.global['token']) },
        io.env,
        (text) => out.warn(text),
      );
      return connection;
    });
    await parsed.verb.run(call);
    return EXIT_OK;
  } catch (error) {
    return report(error, out, verbName, connection);
  }
}

function verbCall(
  verb: Verb,
  args: string[],
  global: OptionValues,
  options: OptionValues,
  io: CliIo,
  out: Output,
  commands: readonly Command[],
  connection: () => Connection,
): VerbCall {
  const own = (name: string): string | boolean | undefined => {
    // A slip in a verb (asking for an option it does not declare) must not pass as "not given".
    if (!(name in verb.options)) throw new Error(`${verb.name} has no option --${name}`);
    return options[name];
  };
  const timeouts = timeoutsOf(global['http-timeout'], verb.name);
  let manager: ManagerClient | undefined;
  return {
    args,
    option: (name) => stringValue(own(name)),
    flag: (name) => own(name) === true,
    integer: (name, bounds) => integerOption(stringValue(own(name)), name, bounds, verb.name),
    json: global['json'] === true,
    out,
    timeouts,
    now: io.now,
    env: io.env,
    commands,
    connection,
    manager: () => {
      const { url, token } = connection();
      manager ??= new ManagerClient({ baseUrl: url, token });
      return manager;
    },
  };
}

function timeoutsOf(value: string | boolean | undefined, verb: string): Timeouts {
  const seconds = integerOption(stringValue(value), 'http-timeout', { min: 1, max: 3600 }, verb);
  if (seconds === undefined) return DEFAULT_TIMEOUTS;
  return { readMs: seconds * 1000, changeMs: seconds * 1000, createMs: seconds * 1000 };
}

function integerOption(text: string | undefined, name: string, bounds: { min: number; max: number }, verb: string): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    const range = bounds.max >= Number.MAX_SAFE_INTEGER ? `${bounds.min} or more` : `from ${bounds.min} to ${bounds.max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not ${JSON.stringify(text)}`, verb);
  }
  return value;
}

function stringValue(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The message for a person on stderr, and the exit code for a script. */
function report(error: unknown, out: Output, verb: string | undefined, connection: Connection | undefined): number {
  if (error instanceof UsageError) {
    out.warn(error.message);
    const helpOf = error.verb ?? verb;
    out.warn(`see 'tinystack help${helpOf ? ` ${helpOf}` : ''}'`);
    return EXIT_USAGE;
  }
  if (error instanceof ManagerAnsweredError) {
    out.warn(error.message);
    for (const detail of error.details) if (detail !== error.message) out.warn(`  ${detail}`);
    if (error.status === 401 && connection) out.warn(`(the token came from ${connection.tokenFrom})`);
    return EXIT_FAILED;
  }
  if (error instanceof ManagerClientError || error instanceof OperationFailedError) {
    out.warn(error.message);
    return EXIT_FAILED;
  }
  out.warn(`unexpected failure (a bug of tinystack): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_FAILED;
}
