import { argumentWord, GLOBAL_OPTIONS } from './args/command-line.js';
import { indentWrapped } from './output/text.js';
import type { Command, OptionSpecs, Verb, VerbSection } from './verbs/verb.js';

const SECTIONS: readonly VerbSection[] = ['Instances', 'Images and snapshots', 'Operations', 'Nodes', 'Events', 'Your account', 'Class (teacher)', 'MQTT', 'This tool'];

/** The usage line's words, from the verb's arguments and options (one place says what a verb takes). */
export function usageWords(verb: Verb): string[] {
  const args = verb.arguments.map(argumentWord);
  const options = Object.entries(verb.options).map(([name, spec]) => `[--${name}${spec.value ? ` ${spec.value}` : ''}]`);
  const rest = verb.passthrough ? ['--', `${verb.passthrough.name}...`] : [];
  return ['tinystack', verb.name, ...args, ...options, ...rest];
}

/** `Usage: tinystack ...`, broken between words only, so that `[--node NODE]` stays together. */
function usageText(verb: Verb, width: number): string {
  const lines: string[] = [];
  let line = 'Usage:';
  for (const word of usageWords(verb)) {
    if (line.length + 1 + word.length > width && line.trim() !== '') {
      lines.push(line);
      line = '      ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

function optionLines(options: OptionSpecs, width: number): string[] {
  const names = Object.entries(options).map(([name, spec]) => ({
    label: `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    description: spec.description,
  }));
  const labelWidth = Math.min(24, Math.max(...names.map((entry) => entry.label.length)));
  return names.flatMap(({ label, description }) => {
    const text = indentWrapped(description, width, labelWidth + 4).slice(labelWidth + 4);
    const [first, ...rest] = text.split('\n');
    if (label.length > labelWidth) return [`  ${label}`, `${' '.repeat(labelWidth + 4)}${first}`, ...rest];
    return [`  ${label.padEnd(labelWidth)}  ${first}`, ...rest];
  });
}

function verbsOf(commands: readonly Command[]): Verb[] {
  return commands.flatMap((command) => (command.kind === 'group' ? command.verbs : [command]));
}

/** `tinystack help`: every verb by section, the global options, the config file and the exit codes. */
export function topHelp(commands: readonly Command[], width: number, configFile: string): string {
  const verbs = verbsOf(commands);
  const nameWidth = Math.max(...verbs.map((verb) => verb.name.length));
  const lines = [
    'tinystack: the TinyStack manager from a terminal.',
    '',
    indentWrapped('Usage: tinystack [global options] VERB [arguments] [options]', width, 0),
  ];
  for (const section of SECTIONS) {
    const inSection = verbs.filter((verb) => verb.section === section);
    if (inSection.length === 0) continue;
    lines.push('', `${section}:`);
    for (const verb of inSection) {
      const summary = indentWrapped(verb.summary + aliasNote(verb), width, nameWidth + 4).slice(nameWidth + 4);
      lines.push(`  ${verb.name.padEnd(nameWidth)}  ${summary}`);
    }
  }
  lines.push(
    '',
    indentWrapped('NODE is a node name or id; NAME an instance name (with --node NODE when two nodes have one of that name).', width, 0),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS, width),
    '',
    indentWrapped(`Config file: ${configFile} (tinystack help config).`, width, 0),
    indentWrapped('Exit codes: 0 done, 1 refused by the manager or failed, 2 wrong usage.', width, 0),
    indentWrapped('tinystack help VERB (or tinystack VERB --help) tells more about one verb.', width, 0),
  );
  return lines.join('\n');
}

function aliasNote(verb: Verb): string {
  return verb.aliases?.length ? ` (also: ${verb.aliases.map((alias) => `tinystack ${alias}`).join(', ')})` : '';
}

/** `tinystack help VERB`: usage, description, options, examples. */
export function verbHelp(verb: Verb, width: number): string {
  const lines = [usageText(verb, width), ...(verb.aliases?.length ? [`Also: ${verb.aliases.map((alias) => `tinystack ${alias}`).join(', ')}`] : []), '', ...verb.description.flatMap((paragraph) => [indentWrapped(paragraph, width, 0), ''])];
  if (Object.keys(verb.options).length > 0) lines.push('Options:', ...optionLines(verb.options, width), '');
  // Examples are never wrapped: they are meant to be copied.
  if (verb.examples?.length) lines.push('Examples:', ...verb.examples.map((example) => `  ${example}`), '');
  lines.push(indentWrapped('Global options (--url, --token, --json, --http-timeout) work with every verb: tinystack help.', width, 0));
  return lines.join('\n');
}

/** The help of a word: a verb, or every verb of a group. */
export function commandHelp(command: Command, width: number): string {
  if (command.kind === 'verb') return verbHelp(command, width);
  return command.verbs.map((verb) => verbHelp(verb, width)).join('\n\n');
}
