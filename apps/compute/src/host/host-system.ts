import type { NetworkInterfaceInfo } from 'node:os';
import type { ProcessResult } from '@tinystack/lxc-driver';

/**
 * Port for what the node asks the host besides its files (those come through
 * the ProcReader, below PROC_ROOT, SYS_ROOT and RUN_ROOT): the readiness
 * checks, and the LAN addresses discovery announces.
 */
export abstract class HostSystem {
  /** Bytes an unprivileged process may still write on the file system holding `path`; throws when `path` is missing. */
  abstract freeBytes(path: string): number;
  /** Where `program` is found on PATH or in the sbin folders, or null. */
  abstract findProgram(program: string): string | null;
  /**
   * Runs a program (a path findProgram gave) with an argument array, killed after `timeoutMs`;
   * a non-zero exit is a result. Throws the ProcessRunner's errors (CommandNotFoundError, ProcessTimeoutError, ProcessFailedError).
   */
  abstract runProgram(path: string, args: readonly string[], timeoutMs: number): Promise<ProcessResult>;
  /**
   * The IPv4 addresses of a network interface, whether or not it has a carrier
   * (a bridge no container is linked to has none); [] when it has none or does not exist.
   */
  abstract ipv4Addresses(interfaceName: string): Promise<string[]>;
  /** Every network interface with its addresses (os.networkInterfaces()). */
  abstract networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
  abstract now(): Date;
  /** When this TinyStack was built: the date of its files (kept by the .deb and the tarball). */
  abstract buildTime(): Date;
}
