import { Injectable, ServiceUnavailableException } from '@nestjs/common';

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

/**
 * Runs a write whose failure the caller must hear about: a database error
 * becomes a 503 saying what was not done and why; the write's own errors
 * (a name taken, say) pass as they are.
 */
export function writeOrRefuse<T>(database: DatabaseHealth, what: string, write: () => T): T {
  try {
    return database.write(write);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      throw new ServiceUnavailableException(`${what}: the database cannot be written (${describeDatabaseError(error)})`);
    }
    throw error;
  }
}

/** `SQLITE_FULL: database or disk is full` */
export function describeDatabaseError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
