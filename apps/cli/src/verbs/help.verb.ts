import { findCommand } from '../args/command-line.js';
import { UsageError } from '../cli.errors.js';
import { configLocation } from '../config/cli-config.js';
import { commandHelp, topHelp, verbHelp } from '../help.js';
import { defineVerb } from './verb.js';

export const helpVerb = defineVerb({
  name: 'help',
  section: 'This tool',
  summary: 'This list, or the help of one verb',
  description: ['Without VERB, every verb; with one, its usage, options and examples (also: tinystack VERB --help).'],
  arguments: [{ name: 'VERB', optional: true }, { name: 'SUBVERB', optional: true }],
  async run(call) {
    const [word, sub] = call.args;
    if (word === undefined) {
      call.out.line(topHelp(call.commands, call.out.width, configLocation(call.env).file));
      return;
    }
    const command = findCommand(call.commands, word);
    if (!command) throw new UsageError(`unknown verb "${word}"; tinystack help lists them`);
    if (sub !== undefined && command.kind === 'group') {
      const verb = command.verbs.find((candidate) => candidate.name === `${word} ${sub}`);
      if (!verb) throw new UsageError(`${word} has no verb "${sub}"; tinystack help ${word} lists them`);
      call.out.line(verbHelp(verb, call.out.width));
      return;
    }
    call.out.line(commandHelp(command, call.out.width));
  },
});
