import { writeFileSync } from 'node:fs';

/**
 * A file that starts like a shared object built for another CPU: the ELF
 * identification and e_machine a cross-compiler writes, padded so that the
 * dynamic loader reads past the header. glibc's dlopen refuses it exactly as
 * it refuses a real foreign addon, which is what the tests need.
 */
export function writeForeignElf(file: string, bits: 32 | 64, machine: number): string {
  const bytes = Buffer.alloc(4096);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, 1, 1, 0]);
  bytes.writeUInt16LE(3, 16); // ET_DYN
  bytes.writeUInt16LE(machine, 18);
  bytes.writeUInt32LE(1, 20); // EV_CURRENT
  writeFileSync(file, bytes);
  return file;
}

export const EM_ARM = 40;
export const EM_AARCH64 = 183;
