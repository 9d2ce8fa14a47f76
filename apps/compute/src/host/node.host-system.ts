import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ProcessRunner, type ProcessResult } from '@tinystack/lxc-driver';
import { HostSystem } from './host-system.js';

/** Where Debian keeps the programs root runs (ip, dnsmasq): not on every user's PATH. */
const SBIN_FOLDERS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
const IP_TIMEOUT_MS = 5000;
/** One line of `ip -o -4 addr show`: "5: lxcbr0    inet 10.0.3.1/24 brd ... scope global lxcbr0\ ...". */
const INET_LINE = /^\d+:\s+\S+\s+inet\s+(\d{1,3}(?:\.\d{1,3}){3})\//;

@Injectable()
export class NodeHostSystem extends HostSystem {
  constructor(private readonly runner: ProcessRunner) {
    super();
  }

  override freeBytes(path: string): number {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  }

  override findProgram(program: string): string | null {
    const folders = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...SBIN_FOLDERS];
    for (const folder of folders) {
      const candidate = join(folder, program);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    return null;
  }

  override runProgram(path: string, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
    return this.runner.run(path, args, { timeoutMs });
  }

  /**
   * From `ip`, not os.networkInterfaces(): libuv leaves out interfaces that are
   * not running, and a bridge with no container linked to it has no carrier.
   */
  override async ipv4Addresses(interfaceName: string): Promise<string[]> {
    const result = await this.runner.run('ip', ['-o', '-4', 'addr', 'show', 'dev', interfaceName], { timeoutMs: IP_TIMEOUT_MS });
    if (result.exitCode !== 0) return [];
    return result.stdout.split('\n').flatMap((line) => INET_LINE.exec(line)?.[1] ?? []);
  }

  override networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]> {
    return networkInterfaces();
  }

  override now(): Date {
    return new Date();
  }

  override buildTime(): Date {
    return statSync(require.main?.filename ?? __filename).mtime;
  }
}
