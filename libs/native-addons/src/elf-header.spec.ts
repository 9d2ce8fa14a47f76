import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuOfArch, readElfHeader } from './elf-header.js';
import { EM_AARCH64, EM_ARM, writeForeignElf } from './test-support/foreign-elf.js';

const REPOSITORY = join(__dirname, '..', '..', '..');

describe('readElfHeader', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-elf-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads the CPU of the Node.js running this test and of the addon npm built here', () => {
    for (const file of [process.execPath, join(REPOSITORY, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')]) {
      const header = readElfHeader(file);
      expect(header, file).toMatchObject({ arch: process.arch, bits: 64, littleEndian: true });
      expect(header!.cpu).toBe(cpuOfArch(process.arch));
    }
  });

  it('names 64-bit and 32-bit ARM from e_machine and the ELF class', () => {
    expect(readElfHeader(writeForeignElf(join(scratch, 'a.node'), 64, EM_AARCH64))).toEqual({
      bits: 64,
      littleEndian: true,
      machine: 183,
      arch: 'arm64',
      cpu: 'ARM 64-bit (aarch64)',
    });
    expect(readElfHeader(writeForeignElf(join(scratch, 'b.node'), 32, EM_ARM))).toMatchObject({ bits: 32, machine: 40, arch: 'arm' });
  });

  it('answers null for what is not an ELF file, is too short, or is missing', () => {
    writeFileSync(join(scratch, 'text.node'), 'module.exports = 1;\n');
    writeFileSync(join(scratch, 'short.node'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2]));
    expect(readElfHeader(join(scratch, 'text.node'))).toBeNull();
    expect(readElfHeader(join(scratch, 'short.node'))).toBeNull();
    expect(readElfHeader(join(scratch, 'missing.node'))).toBeNull();
  });

  it('says an unknown machine number as a number', () => {
    expect(readElfHeader(writeForeignElf(join(scratch, 'c.node'), 64, 999))).toMatchObject({ arch: null, cpu: 'ELF machine 999' });
  });
});
