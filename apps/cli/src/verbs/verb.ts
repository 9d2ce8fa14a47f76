import type { ManagerClient } from '@tinystack/manager-client';
import type { CliInput } from '../cli-io.js';
import type { Connection } from '../config/connection.js';
import type { Output } from '../output/output.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in help: --node NODE. */
  readonly value?: string;
  /** May be given more than once (--env A=1 --env B=2). */
  readonly multiple?: boolean;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ArgumentSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** Takes every word left (the last argument only): NAME... */
  readonly variadic?: boolean;
}

/** Where a verb is listed in `tinystack help`. */
export type VerbSection = 'Instances' | 'Images and snapshots' | 'Operations' | 'Nodes' | 'Events' | 'Your account' | 'Class (teacher)' | 'MQTT' | 'This tool';

/** How long a call may take (reads, registrations), and how long to wait for the end of a change or a create. */
export interface Timeouts {
  readMs: number;
  changeMs: number;
  createMs: number;
}

/** What a verb gets: its arguments and options, the manager, and where to write. */
export interface VerbCall {
  readonly args: readonly string[];
  /** A string option's value; undefined when not given. */
  option(name: string): string | undefined;
  flag(name: string): boolean;
  /** Every value of an option given more than once (OptionSpec.multiple). */
  values(name: string): string[];
  /** The words after `--` (Verb.passthrough). */
  readonly passthrough: readonly string[];
  /** A whole-number option within bounds, or a usage error saying what is allowed. */
  integer(name: string, bounds: { min: number; max: number }): number | undefined;
  readonly json: boolean;
  readonly out: Output;
  readonly timeouts: Timeouts;
  readonly now: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The person at the terminal, or what was piped in. */
  readonly stdin: CliInput;
  /** The value of a global option (--url, --token), for verbs that make their own connection (login). */
  global(name: 'url' | 'token'): string | undefined;
  /** The manager's address and token in effect; a usage error when either is missing. */
  connection(): Connection;
  manager(): ManagerClient;
  /** The verb table, for `help`. */
  readonly commands: readonly Command[];
}

/** One thing the CLI does: `tinystack NAME ARGS [OPTIONS]`. */
export interface Verb {
  readonly kind: 'verb';
  /** As typed: 'create', or 'node add' inside a group. */
  readonly name: string;
  /** Other words for it (`ls` for `instances`). */
  readonly aliases?: readonly string[];
  readonly section: VerbSection;
  /** One line for the list of verbs. */
  readonly summary: string;
  /** Paragraphs of help, after the usage line. */
  readonly description: readonly string[];
  readonly arguments: readonly ArgumentSpec[];
  readonly options: OptionSpecs;
  /** The words after `--` are the verb's (a command to run), named so in help. */
  readonly passthrough?: ArgumentSpec;
  readonly examples?: readonly string[];
  /** Resolves to the exit code when the verb has its own (a command's, passed through); else 0. */
  run(call: VerbCall): Promise<void | number>;
}

/** Verbs under one word (`node add`, `node remove`), with the one that runs when the next word is none of theirs. */
export interface VerbGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly verbs: readonly Verb[];
  readonly fallback: Verb;
}

export type Command = Verb | VerbGroup;

/** A verb's definition, with the defaults filled in. */
export function defineVerb(verb: Omit<Verb, 'kind' | 'options' | 'arguments'> & Partial<Pick<Verb, 'options' | 'arguments'>>): Verb {
  return { kind: 'verb', options: {}, arguments: [], ...verb };
}
