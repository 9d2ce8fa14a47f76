/** What the CLI touches of its process, so that it runs the same in a test as from a shell. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  /** Absent in tests that give no input: then stdin is a terminal nobody types at. */
  readonly stdin?: NodeJS.ReadStream;
  readonly now: () => number;
}

export function processIo(): CliIo {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, now: Date.now };
}
