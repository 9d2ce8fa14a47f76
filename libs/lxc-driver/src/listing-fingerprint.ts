import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The kernel's table of Unix sockets of this network namespace. */
export const UNIX_SOCKETS_TABLE = '/proc/net/unix';
const COMMAND_SUFFIX = Buffer.from('/command\n', 'latin1');
const LINE_FEED = 10;
const SPACE = 32;

/**
 * A cheap look at what `lxc-ls` would report, without running any program:
 * the folders of the lxcpath with their modification times (a create, a
 * destroy, a rename, the end of a create all change one), and the command
 * sockets of the containers that have a monitor (lxc-start keeps the abstract
 * socket "@<lxcpath>/<name>/command" from STARTING to STOPPED, or
 * "@lxc/<hash>/command" when that name would be too long). Equal fingerprints
 * mean the same containers in the same running-or-not states; they do not
 * see a container's addresses, nor a freeze.
 */
export class ListingFingerprint {
  private table = Buffer.allocUnsafe(16 * 1024);

  constructor(private readonly socketsTable = UNIX_SOCKETS_TABLE) {}

  take(lxcPath: string): string {
    return `${this.folders(lxcPath)}|${this.commandSockets(lxcPath)}`;
  }

  private folders(lxcPath: string): string {
    let names: string[];
    try {
      names = readdirSync(lxcPath);
    } catch (error) {
      return `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
    }
    names.sort();
    let fingerprint = '';
    for (const name of names) {
      let modified = 0;
      try {
        modified = statSync(join(lxcPath, name)).mtimeMs;
      } catch {
        // gone since the listing: the next look sees it gone
      }
      fingerprint += `${name}:${modified},`;
    }
    return fingerprint;
  }

  /** The command sockets of this lxcpath's containers (and of any hashed ones), sorted, each once. */
  private commandSockets(lxcPath: string): string {
    const length = this.readTable();
    if (length < 0) return 'no socket table';
    const own = Buffer.from(`@${lxcPath.replace(/\/+$/, '')}/`, 'latin1');
    const hashed = Buffer.from('@lxc/', 'latin1');
    const found = new Set<string>();
    for (let end = this.table.indexOf(COMMAND_SUFFIX, 0); end >= 0 && end < length; end = this.table.indexOf(COMMAND_SUFFIX, end + 1)) {
      // The socket's name is the last field of its line: from the blank before it to the suffix.
      let start = end;
      while (start > 0 && this.table[start - 1] !== SPACE && this.table[start - 1] !== LINE_FEED) start--;
      if (startsWith(this.table, start, own) || startsWith(this.table, start, hashed)) {
        found.add(this.table.toString('latin1', start, end));
      }
    }
    return [...found].sort().join(',');
  }

  private readTable(): number {
    let descriptor: number;
    try {
      descriptor = openSync(this.socketsTable, 'r');
    } catch {
      return -1;
    }
    try {
      let filled = 0;
      for (;;) {
        if (filled === this.table.length) {
          const larger = Buffer.allocUnsafe(this.table.length * 2);
          this.table.copy(larger, 0, 0, filled);
          this.table = larger;
        }
        const read = readSync(descriptor, this.table, filled, this.table.length - filled, null);
        if (read === 0) return filled;
        filled += read;
      }
    } catch {
      return -1;
    } finally {
      closeSync(descriptor);
    }
  }
}

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
