import { Inject, Injectable, Optional } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ProcReader } from './proc-reader.js';

/**
 * Injection token for the directory FsProcReader treats as '/'. Optional:
 * without it the live system is read. Tests and development machines point it
 * at a fixture tree (`<root>/proc/stat`, `<root>/sys/class/thermal/...`).
 */
export const PROC_ROOT = Symbol('PROC_ROOT');

/**
 * ProcReader over the file system. Any read error of a file (missing, no
 * permission, a sensor that fails its read with EIO/ENODATA) yields null, as the
 * port promises; a missing directory yields []. Other directory errors are real
 * faults and are thrown.
 */
@Injectable()
export class FsProcReader extends ProcReader {
  private readonly root: string;

  constructor(@Optional() @Inject(PROC_ROOT) root?: string) {
    super();
    this.root = resolve(root ?? '/');
  }

  override async readText(path: string): Promise<string | null> {
    try {
      return await readFile(this.onDisk(path), 'utf8');
    } catch (error) {
      if (isSystemError(error)) return null;
      throw error;
    }
  }

  override async listDirectory(path: string): Promise<string[]> {
    try {
      return await readdir(this.onDisk(path));
    } catch (error) {
      if (isSystemError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return [];
      throw error;
    }
  }

  private onDisk(livePath: string): string {
    if (!isAbsolute(livePath)) throw new TypeError(`ProcReader paths are absolute live-system paths, got "${livePath}"`);
    return this.root === '/' ? livePath : join(this.root, livePath);
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
