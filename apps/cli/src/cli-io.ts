import { readTerminalLine } from './terminal-input.js';

/** What a verb may read from the person: stdin as a whole (piped), or a line asked at the terminal. */
export interface CliInput {
  /** Whether stdin is a terminal (a person to ask). */
  readonly isTTY: boolean;
  /** Everything stdin holds, up to its end (--password-stdin). */
  readAll(): Promise<string>;
  /** Asks on the terminal (the prompt on stderr) and reads one line; `hidden` echoes nothing (a password). */
  ask(prompt: string, options: { hidden: boolean }): Promise<string>;
}

/** What the CLI touches of its process, so that it runs the same in a test as from a shell. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: CliInput;
  readonly now: () => number;
}

/** Longest stdin --password-stdin reads: a few lines of passwords, not a file by mistake. */
const MAX_STDIN_BYTES = 64 * 1024;

export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: {
      isTTY: process.stdin.isTTY === true,
      readAll: () => readStream(process.stdin, MAX_STDIN_BYTES),
      ask: (prompt, options) => readTerminalLine(process.stdin, process.stderr, prompt, options.hidden),
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
