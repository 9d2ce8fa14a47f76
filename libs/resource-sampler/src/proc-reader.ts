/**
 * Port for reading the kernel's pseudo-files. Paths are absolute as on a live
 * system (`/proc/stat`, `/sys/class/thermal`); an implementation may re-root them
 * so tests can point the sampler at fixture trees.
 */
export abstract class ProcReader {
  /** The file's text, or null when it does not exist or cannot be read. */
  abstract readText(path: string): Promise<string | null>;
  /** Entry names of a directory, or an empty list when it does not exist. */
  abstract listDirectory(path: string): Promise<string[]>;
}
