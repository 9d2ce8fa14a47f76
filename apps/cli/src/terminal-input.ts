import { createInterface } from 'node:readline';
import { OperationFailedError } from './cli.errors.js';

const ENTER = new Set(['\r', '\n']);
const INTERRUPT = '\u0003';
const END_OF_INPUT = '\u0004';
const ERASE = new Set(['\u007f', '\b']);

/**
 * One line typed at the terminal after `prompt` (written to stderr, so that
 * stdout stays the command's result). Hidden: the terminal is put in raw mode
 * and nothing typed is echoed; Backspace erases, Ctrl-C cancels.
 */
export function readTerminalLine(input: NodeJS.ReadStream, prompt: NodeJS.WriteStream, text: string, hidden: boolean): Promise<string> {
  if (!hidden) {
    const lines = createInterface({ input, output: prompt, terminal: true });
    return new Promise((resolve, reject) => {
      lines.on('SIGINT', () => {
        lines.close();
        reject(new OperationFailedError('cancelled'));
      });
      lines.question(text, (answer) => {
        lines.close();
        resolve(answer);
      });
    });
  }
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      prompt.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (ENTER.has(character)) return finish(() => resolve(typed.join('')));
        if (character === INTERRUPT || (character === END_OF_INPUT && typed.length === 0)) {
          return finish(() => reject(new OperationFailedError('cancelled')));
        }
        if (ERASE.has(character)) typed = typed.slice(0, -1);
        else if (character >= ' ') typed.push(character);
      }
    };
    prompt.write(text);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
