import type { ProcText } from './proc-text.js';

/**
 * Port for reading the kernel's pseudo-files (and the few other host files a
 * node looks at). Paths are absolute as on a live system (`/proc/stat`,
 * `/sys/class/thermal`, `/run/...`); an implementation may re-root them so
 * tests can point the sampler at fixture trees. Reads are synchronous: these
 * files live in memory, and a reading a second must not pay for promises,
 * thread-pool hops and fresh buffers.
 */
export abstract class ProcReader {
  /**
   * Reads the whole file into `text` (its buffer grows to fit); afterwards
   * `text.length` is the byte count, or -1 when the file does not exist or
   * cannot be read.
   */
  abstract readInto(path: string, text: ProcText): void;
  /** The file's text, or null when it does not exist or cannot be read. For occasional reads. */
  abstract readText(path: string): string | null;
  /** Entry names of a directory, or an empty list when it does not exist. */
  abstract listDirectory(path: string): string[];
  /** Whether the path exists (a file, a directory, anything). */
  abstract exists(path: string): boolean;
}
