import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { acceptedCodings, type PrecompressedCoding } from './console-encoding.js';

/** What answers one request for the console. */
export interface ConsoleAnswer {
  /** The file to send, relative to the console directory: a precompressed variant or the file itself. */
  send: string;
  /** The console file the answer stands for, relative too: its type and cache rule are the answer's. */
  represents: string;
  /** The Content-Encoding of `send`; null when it is the file itself. */
  coding: PrecompressedCoding['coding'] | null;
}

const INDEX_FILE = 'index.html';

/**
 * The built console on disk, looked up on every request so that a rebuilt
 * console is served without restarting the manager.
 */
export class ConsoleFiles {
  constructor(readonly directory: string) {}

  /**
   * The file for a request path (percent-encoded, as in the URL): the file
   * itself, or index.html for a client route such as /nodes/<id>; null when
   * the path asks for a file the console does not have (a 404).
   */
  async answer(requestPath: string, acceptEncoding: string | undefined): Promise<ConsoleAnswer | null> {
    const file = (await this.existingFile(requestPath)) ?? (asksForFile(requestPath) ? null : INDEX_FILE);
    if (file === null) return null;
    for (const { coding, suffix } of acceptedCodings(acceptEncoding)) {
      if (await this.isFile(`${file}${suffix}`)) return { send: `${file}${suffix}`, represents: file, coding };
    }
    return { send: file, represents: file, coding: null };
  }

  /** The console file a path names, or null; dot files and paths that climb out are never the console's. */
  private async existingFile(requestPath: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(requestPath);
    } catch {
      return null;
    }
    const segments = decoded.split('/').filter((segment) => segment !== '');
    if (segments.length === 0 || segments.some((segment) => segment.startsWith('.') || segment.includes('\0'))) return null;
    const file = segments.join('/');
    return (await this.isFile(file)) ? file : null;
  }

  private async isFile(file: string): Promise<boolean> {
    const found = await stat(join(this.directory, file)).catch(() => null);
    return found?.isFile() ?? false;
  }
}

/**
 * Whether a path asks for a file (its last segment has an extension:
 * /robots.txt, /favicon.png) rather than for a client route: a missing file
 * is a 404, never the console's index.html with a 200.
 */
export function asksForFile(requestPath: string): boolean {
  const lastSegment = requestPath.slice(requestPath.lastIndexOf('/') + 1);
  return /\.[^.]+$/.test(lastSegment);
}
