import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ProcReader } from './proc-reader.js';
import type { ProcText } from './proc-text.js';

/**
 * Injection token for the directories FsProcReader treats as '/'. Optional:
 * without it the live system is read. Tests and development machines point it
 * at a fixture tree (`<root>/proc/stat`, `<root>/sys/class/thermal/...`).
 */
export const PROC_ROOT = Symbol('PROC_ROOT');

/**
 * Where each tree is read: `/proc/...` below `proc`, `/sys/...` below `sys`,
 * `/run/...` below `run`, any other path below `proc`. Each is a directory
 * read as '/' (so `<sys>/sys/class/thermal`).
 */
export interface HostRoots {
  proc: string;
  sys: string;
  run: string;
}

/** One root for everything, or roots per tree; a tree not given is read below `proc`. */
export type HostRootsOption = string | (Partial<HostRoots> & { proc?: string });

export function resolveHostRoots(option: HostRootsOption | undefined): HostRoots {
  const given = typeof option === 'string' || option === undefined ? { proc: option } : option;
  const proc = resolve(given.proc ?? '/');
  return { proc, sys: resolve(given.sys ?? proc), run: resolve(given.run ?? proc) };
}

/**
 * ProcReader over the file system. Any read error of a file (missing, no
 * permission, a sensor that fails its read with EIO/ENODATA) gives "unreadable",
 * as the port promises; a missing directory gives []. Other directory errors
 * are real faults and are thrown.
 *
 * readInto keeps each file open and reads it again from offset 0 (pread): the
 * kernel makes a /proc or /sys file's text afresh at every read from its start,
 * and a read that returns less than it asked for has the whole text. That is
 * one system call per file and reading instead of open, read, read, close.
 */
@Injectable()
export class FsProcReader extends ProcReader implements OnModuleDestroy {
  private readonly roots: HostRoots;
  /** The sampler reads the same few paths every second: their on-disk spelling is made once. */
  private readonly onDiskPaths = new Map<string, string>();
  private readonly openFiles = new Map<string, number>();

  constructor(@Optional() @Inject(PROC_ROOT) roots?: HostRootsOption) {
    super();
    this.roots = resolveHostRoots(roots);
  }

  override readInto(path: string, text: ProcText): void {
    const descriptor = this.descriptor(path);
    if (descriptor === null) {
      text.length = -1;
      return;
    }
    try {
      for (;;) {
        const read = readSync(descriptor, text.bytes, 0, text.bytes.length, 0);
        if (read < text.bytes.length) {
          text.length = read;
          return;
        }
        // It may be longer than the buffer: read it again, whole, into a larger one.
        text.grow(0);
      }
    } catch (error) {
      // A file that failed its read (a sensor gone, a device removed) is opened afresh next time.
      this.forget(path);
      if (!isSystemError(error)) throw error;
      text.length = -1;
    }
  }

  /** Closes the files readInto keeps open. */
  close(): void {
    for (const path of [...this.openFiles.keys()]) this.forget(path);
  }

  onModuleDestroy(): void {
    this.close();
  }

  override readText(path: string): string | null {
    try {
      return readFileSync(this.onDisk(path), 'utf8');
    } catch (error) {
      if (isSystemError(error)) return null;
      throw error;
    }
  }

  override listDirectory(path: string): string[] {
    try {
      return readdirSync(this.onDisk(path));
    } catch (error) {
      if (isSystemError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return [];
      throw error;
    }
  }

  override exists(path: string): boolean {
    return existsSync(this.onDisk(path));
  }

  private descriptor(path: string): number | null {
    const open = this.openFiles.get(path);
    if (open !== undefined) return open;
    let descriptor: number;
    try {
      descriptor = openSync(this.onDisk(path), 'r');
    } catch (error) {
      if (!isSystemError(error)) throw error;
      return null;
    }
    // Kept for the next reading: the sampler reads the same handful of files every second.
    this.openFiles.set(path, descriptor);
    return descriptor;
  }

  private forget(path: string): void {
    const descriptor = this.openFiles.get(path);
    if (descriptor === undefined) return;
    this.openFiles.delete(path);
    try {
      closeSync(descriptor);
    } catch {
      // already closed by the kernel's side (a device gone): nothing to release
    }
  }

  private onDisk(livePath: string): string {
    const known = this.onDiskPaths.get(livePath);
    if (known !== undefined) return known;
    if (!isAbsolute(livePath)) throw new TypeError(`ProcReader paths are absolute live-system paths, got "${livePath}"`);
    const root = livePath.startsWith('/sys/') ? this.roots.sys : livePath.startsWith('/run/') ? this.roots.run : this.roots.proc;
    const onDisk = root === '/' ? livePath : join(root, livePath);
    // Bounded: the sampler's paths and the readiness checks' stay a few dozen.
    if (this.onDiskPaths.size < 256) this.onDiskPaths.set(livePath, onDisk);
    return onDisk;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
