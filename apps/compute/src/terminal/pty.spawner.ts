/** A process on a pseudo-terminal; output arrives as raw bytes. */
export interface PtyProcess {
  onData(listener: (data: Buffer) => void): void;
  /** code is null when a signal ended it. */
  onExit(listener: (exit: { code: number | null }) => void): void;
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(): void;
}

export interface PtySize {
  cols: number;
  rows: number;
}

/** Port for starting a program on a pseudo-terminal (node-pty on a board, a fake in unit tests). */
export abstract class PtySpawner {
  abstract spawn(program: string, args: readonly string[], size: PtySize): PtyProcess;
}
