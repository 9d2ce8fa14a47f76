import { ProcReader } from '../proc-reader.js';
import { ProcText } from '../proc-text.js';

export interface FakeBoard {
  /** null: the file cannot be read; an Error: reading it throws it. */
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

  constructor(board?: FakeBoard) {
    super();
    if (board !== undefined) this.load(board);
  }

  /** Replaces everything the fake knows; counts are kept. */
  load(board: FakeBoard): void {
    this.board = { files: { ...board.files }, directories: { ...board.directories } };
  }

  /** How often a path was asked for (any method). */
  calls(path: string): number {
    return this.callCounts.get(path) ?? 0;
  }

  override readInto(path: string, text: ProcText): void {
    const content = this.file(path, 'readInto');
    if (content === null) {
      text.length = -1;
      return;
    }
    const bytes = Buffer.from(content, 'latin1');
    while (text.bytes.length < bytes.length) text.grow(0);
    bytes.copy(text.bytes);
    text.length = bytes.length;
  }

  override readText(path: string): string | null {
    return this.file(path, 'readText');
  }

  override listDirectory(path: string): string[] {
    this.count(path);
    if (!Object.hasOwn(this.board.directories, path)) return this.unexpected('listDirectory', path);
    return [...(this.board.directories[path] ?? [])];
  }

  override exists(path: string): boolean {
    this.count(path);
    return Object.hasOwn(this.board.files, path) || Object.hasOwn(this.board.directories, path);
  }

  private file(path: string, method: string): string | null {
    this.count(path);
    if (!Object.hasOwn(this.board.files, path)) return this.unexpected(method, path);
    const content = this.board.files[path] ?? null;
    if (content instanceof Error) throw content;
    return content;
  }

  private count(path: string): void {
    this.callCounts.set(path, this.calls(path) + 1);
  }

  private unexpected(method: string, path: string): never {
    this.unexpectedPaths.push(path);
    throw new Error(`StrictFakeProcReader: unexpected ${method}("${path}")`);
  }
}
