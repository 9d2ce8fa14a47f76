import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { HostSystem } from './host-system.js';

/** Where Debian keeps the programs root runs (ip, dnsmasq): not on every user's PATH. */
const SBIN_FOLDERS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

@Injectable()
export class NodeHostSystem extends HostSystem {
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

  override ipv4Addresses(interfaceName: string): string[] {
    return (networkInterfaces()[interfaceName] ?? []).filter((address) => address.family === 'IPv4').map((address) => address.address);
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
