import { closeSync, openSync, readSync } from 'node:fs';

/** What the first bytes of an ELF file say about the CPU it is built for. */
export interface ElfHeader {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_machine, the CPU architecture number of the ELF specification. */
  machine: number;
  /** The `process.arch` of a Node.js that can load it, or null for a CPU Node.js has no name for here. */
  arch: string | null;
  /** The CPU in words, for a message. */
  cpu: string;
}

/** e_machine values (ELF specification) of the CPUs Node.js runs on. */
const MACHINES: Record<number, { cpu: string; arch: (bits: 32 | 64) => string }> = {
  3: { cpu: 'x86 32-bit', arch: () => 'ia32' },
  8: { cpu: 'MIPS', arch: (bits) => (bits === 64 ? 'mips64el' : 'mipsel') },
  20: { cpu: 'PowerPC 32-bit', arch: () => 'ppc' },
  21: { cpu: 'PowerPC 64-bit', arch: () => 'ppc64' },
  22: { cpu: 'IBM Z (s390x)', arch: () => 's390x' },
  40: { cpu: 'ARM 32-bit (armv7)', arch: () => 'arm' },
  62: { cpu: 'x86-64', arch: () => 'x64' },
  183: { cpu: 'ARM 64-bit (aarch64)', arch: () => 'arm64' },
  243: { cpu: 'RISC-V', arch: (bits) => (bits === 64 ? 'riscv64' : 'riscv32') },
  258: { cpu: 'LoongArch', arch: () => 'loong64' },
};

/** The CPU of a Node.js `process.arch`, in the words readElfHeader uses. */
export function cpuOfArch(arch: string): string {
  const known = Object.values(MACHINES).find((machine) => machine.arch(64) === arch || machine.arch(32) === arch);
  return known?.cpu ?? arch;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const HEADER_BYTES = 20;

/** Reads the ELF identification and e_machine of a file; null when it is not an ELF file (or cannot be read). */
export function readElfHeader(file: string): ElfHeader | null {
  const header = Buffer.alloc(HEADER_BYTES);
  let read: number;
  try {
    const descriptor = openSync(file, 'r');
    try {
      read = readSync(descriptor, header, 0, HEADER_BYTES, 0);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    return null;
  }
  return parseElfHeader(header.subarray(0, read));
}

export function parseElfHeader(bytes: Buffer): ElfHeader | null {
  if (bytes.length < HEADER_BYTES || ELF_MAGIC.some((byte, index) => bytes[index] !== byte)) return null;
  const elfClass = bytes[4];
  const encoding = bytes[5];
  if ((elfClass !== 1 && elfClass !== 2) || (encoding !== 1 && encoding !== 2)) return null;
  const bits = elfClass === 1 ? 32 : 64;
  const littleEndian = encoding === 1;
  const machine = littleEndian ? bytes.readUInt16LE(18) : bytes.readUInt16BE(18);
  const known = MACHINES[machine];
  return {
    bits,
    littleEndian,
    machine,
    arch: known ? known.arch(bits) : null,
    cpu: known ? known.cpu : `ELF machine ${machine}`,
  };
}
