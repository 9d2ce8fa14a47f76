import { inspect } from 'node:util';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LogFormat, LogLevelSetting } from './log-settings.js';

/** Where log lines go: the process's stdout and stderr, or a test's memory. */
export interface LogStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}
export interface LogOutput {
  stdout: LogStream;
  stderr: LogStream;
}

export interface AppLoggerOptions {
  level: LogLevelSetting;
  format: LogFormat;
  /** Default: the process's stdout and stderr. */
  output?: LogOutput;
  /** The NO_COLOR convention (no-color.org): set and not empty, colours stay off even on a terminal. */
  noColor?: string;
}

const ENABLED_LEVELS: Record<LogLevelSetting, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** How a level reads in a line and in a JSON record: Nest's "log" is what everyone else calls "info". */
const LEVEL_NAMES: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

/** Levels whose message itself is coloured, so that a failure never looks like a success. */
const FAILURE_LEVELS: ReadonlySet<LogLevel> = new Set(['fatal', 'error', 'warn']);

/**
 * Nest's account of its own start-up, module by module and route by route
 * (some sixty lines): useful when debugging the wiring, noise for everybody
 * else, so these contexts' info lines become debug lines.
 */
const FRAMEWORK_NARRATION: ReadonlySet<string> = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** Structured fields with these names are masked, should a secret ever be passed as one. */
const SECRET_FIELDS = ['token', 'authorization', 'access_token', 'password'];

/** Fields of a JSON record that a structured field of the same name must not replace. */
const RECORD_FIELDS: ReadonlySet<string> = new Set(['time', 'level', 'context', 'message', 'error', 'stack']);

/**
 * The logger of both servers (installed through NestFactory, so every
 * `new Logger(context)` writes through it).
 *
 * text: `2026-12-01 22:01:03 WARN  [Context] message`, coloured only when both
 * stdout and stderr are terminals and NO_COLOR is not set (never in the
 * journal, a pipe or `npm start`'s prefixed output). A line is its message:
 * structured fields passed after it are for machines, so every message must
 * read complete without them.
 *
 * json: one object per line, `{ time, level, context, message, ...fields }`,
 * with `error` (and `stack`) when an error was logged.
 */
export class AppLogger extends ConsoleLogger {
  private readonly output: LogOutput;

  constructor(options: AppLoggerOptions) {
    const output = options.output ?? { stdout: process.stdout, stderr: process.stderr };
    const json = options.format === 'json';
    super({
      logLevels: ENABLED_LEVELS[options.level],
      json,
      colors: !json && !options.noColor && output.stdout.isTTY === true && output.stderr.isTTY === true,
      redact: SECRET_FIELDS,
    });
    this.output = output;
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const last = optionalParams[optionalParams.length - 1];
    const context = typeof last === 'string' ? last : this.context;
    if (context !== undefined && FRAMEWORK_NARRATION.has(context)) {
      this.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType: 'stdout' | 'stderr' = 'stdout',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    const stream = this.output[writeStreamType];
    const resolved = messages.map((message) => this.redact(this.resolveMessage(message)));
    if (this.options.json) {
      const fields = params && (this.redact(params) as Record<string, unknown>);
      const { messages: records, error } = this.extractJsonError(resolved);
      records.forEach((message, index) => {
        // The error and the stack belong to the first record (the log message).
        const record = this.jsonRecord(message, context, logLevel, fields, index === 0 ? error : undefined, index === 0 ? errorStack : undefined);
        stream.write(`${this.stringifyJsonLogObject(record)}\n`);
      });
      return;
    }
    for (const message of resolved) stream.write(this.textLine(message, context, logLevel));
  }

  protected override printStackTrace(stack: string | undefined): void {
    if (!stack || this.options.json) return;
    this.output.stderr.write(`${asContinuedLines(stack)}\n`);
  }

  private textLine(message: unknown, context: string, logLevel: LogLevel): string {
    // Without inspect's colours: their escapes would be shown as text, and the level colours the line anyway.
    const text = asContinuedLines(typeof message === 'string' ? message : inspect(message, { ...this.inspectOptions, colors: false }));
    const word = LEVEL_NAMES[logLevel].toUpperCase().padEnd(5);
    // Nest's colour helpers look at NO_COLOR only, not at this logger's choice.
    const label = this.options.colors ? this.getColorByLogLevel(logLevel)(word) : word;
    const shown = FAILURE_LEVELS.has(logLevel) ? this.colorize(text, logLevel) : text;
    return `${localTimestamp(new Date())} ${label} ${context ? `[${context}] ` : ''}${shown}\n`;
  }

  private jsonRecord(
    message: unknown,
    context: string,
    logLevel: LogLevel,
    fields: Record<string, unknown> | undefined,
    error: Error | undefined,
    stack: unknown,
  ): Record<string, unknown> {
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: LEVEL_NAMES[logLevel] };
    if (context) record['context'] = context;
    record['message'] = message;
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (!RECORD_FIELDS.has(key)) record[key] = value;
    }
    if (error) record['error'] = this.serializeError(error);
    if (stack) record['stack'] = stack;
    return record;
  }
}

/** Control characters but line breaks and tabs; DEL too. */
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * A message may quote what a client or a node sent. In text format it must
 * not start a line that reads like a record of its own (a forged log line),
 * nor move the cursor or recolour a terminal: every line after the first
 * starts with white space, a carriage return or an escape is shown as
 * "\r", "\u001b"... (JSON records escape all of these anyway.)
 */
export function asContinuedLines(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, (character) =>
      character === '\r' ? '\\r' : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\n(?=[^ \t])/g, '\n    ');
}

/** Local wall-clock time, as a person reads it next to the board's clock. */
function localTimestamp(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ` +
    `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
  );
}
