import { readTerminalLine } from './terminal-input.js';

/** What a verb may read from the person: stdin as a whole (piped), or a line asked at the terminal. */
export interface CliInput {
  /** Whether stdin is a terminal (a person to ask). */
  readonly isTTY: boolean;
  /** Everything stdin holds, up to its end (--password-stdin; exec's input), refused past `maxBytes`. */
  readAll(maxBytes?: number): Promise<string>;
  /** Asks on the terminal (the prompt on stderr) and reads one line; `hidden` echoes nothing (a password). */
  ask(prompt: string, options: { hidden: boolean }): Promise<string>;
  /** The stream itself, for a verb that hands the keys on as they come (console); absent in tests. */
  readonly stream?: NodeJS.ReadStream;
}

/** What the CLI touches of its process, so that it runs the same in a test as from a shell. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: CliInput;
  readonly now: () => number;
}

/** Longest stdin read by default (--password-stdin): a few lines of passwords, not a file by mistake. */
const MAX_STDIN_BYTES = 64 * 1024;

export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: {
      isTTY: process.stdin.isTTY === true,
      readAll: (maxBytes = MAX_STDIN_BYTES) => readStream(process.stdin, maxBytes),
      ask: (prompt, options) => readTerminalLine(process.stdin, process.stderr, prompt, options.hidden),
      stream: process.stdin,
    },
    now: Date.now,
  };
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new Error(`stdin holds more than ${maxBytes / 1024} KiB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
