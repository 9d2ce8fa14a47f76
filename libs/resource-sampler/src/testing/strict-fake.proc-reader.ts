import { ProcReader } from '../proc-reader.js';

export interface FakeBoard {
  /** null: the file cannot be read; an Error: readText rejects with it. */
  files: Record<string, string | null | Error>;
  directories: Record<string, string[]>;
}

/**
 * In-memory ProcReader that knows only the paths it was given. Any other path
 * is recorded in `unexpectedPaths` and throws, so a test fails even when the
 * code under test swallows the error (the sampler's timer logs and carries on).
 */
export class StrictFakeProcReader extends ProcReader {
  readonly unexpectedPaths: string[] = [];
  private board: FakeBoard = { files: {}, directories: {} };
  private readonly callCounts = new Map<string, number>();
  private held: { gate: Promise<void>; open: () => void } | null = null;

  constructor(board?: FakeBoard) {
    super();
    if (board !== undefined) this.load(board);
  }

  /** Replaces everything the fake knows; counts are kept. */
  load(board: FakeBoard): void {
    this.board = { files: { ...board.files }, directories: { ...board.directories } };
  }

  /** Calls from now on stay pending until release(). */
  hold(): void {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    this.held = { gate, open };
  }

  release(): void {
    this.held?.open();
    this.held = null;
  }

  /** How often a path was asked for (readText or listDirectory). */
  calls(path: string): number {
    return this.callCounts.get(path) ?? 0;
  }

  override async readText(path: string): Promise<string | null> {
    await this.enter(path);
    if (!Object.hasOwn(this.board.files, path)) return this.unexpected('readText', path);
    const content = this.board.files[path] ?? null;
    if (content instanceof Error) throw content;
    return content;
  }

  override async listDirectory(path: string): Promise<string[]> {
    await this.enter(path);
    if (!Object.hasOwn(this.board.directories, path)) return this.unexpected('listDirectory', path);
    return [...(this.board.directories[path] ?? [])];
  }

  private async enter(path: string): Promise<void> {
    this.callCounts.set(path, this.calls(path) + 1);
    if (this.held !== null) await this.held.gate;
  }

  private unexpected(method: string, path: string): never {
    this.unexpectedPaths.push(path);
    throw new Error(`StrictFakeProcReader: unexpected ${method}("${path}")`);
  }
}
