import { Injectable } from '@nestjs/common';

/**
 * Whether the database can be written, as the last write found it. Every
 * write goes through `write`: a failure is kept as the problem /health names
 * ("the database cannot be written: SQLITE_FULL: database or disk is full"),
 * the next good write clears it.
 */
@Injectable()
export class DatabaseHealth {
  private problem: string | null = null;

  write<T>(write: () => T): T {
    try {
      const result = write();
      this.problem = null;
      return result;
    } catch (error) {
      this.problem = `the database cannot be written: ${describeDatabaseError(error)}`;
      throw error;
    }
  }

  /** What is wrong right now; empty when the last write worked. */
  problems(): string[] {
    return this.problem ? [this.problem] : [];
  }
}

/** `SQLITE_FULL: database or disk is full` */
export function describeDatabaseError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
