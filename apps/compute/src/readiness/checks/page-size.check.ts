import { ProcText } from '@tinystack/resource-sampler';
import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

/** The auxiliary vector the kernel gave this process: pairs of machine words, (type, value). */
export const PROC_SELF_AUXV = '/proc/self/auxv';
/** AT_PAGESZ: the system page size (linux/auxvec.h). */
const AT_PAGESZ = 6;
const EXPECTED_PAGE_SIZE = 4096;
const WORD_BYTES: Partial<Record<NodeJS.Architecture, number>> = { arm: 4, ia32: 4, mips: 4, mipsel: 4, ppc: 4 };

/** The kernel's memory page size, from the auxiliary vector; null when it cannot be read. */
export function pageSize(auxv: ProcText, wordBytes = WORD_BYTES[process.arch] ?? 8): number | null {
  if (!auxv.readable) return null;
  for (let at = 0; at + 2 * wordBytes <= auxv.length; at += 2 * wordBytes) {
    const type = wordBytes === 8 ? Number(auxv.bytes.readBigUInt64LE(at)) : auxv.bytes.readUInt32LE(at);
    if (type === 0) return null;
    if (type === AT_PAGESZ) return wordBytes === 8 ? Number(auxv.bytes.readBigUInt64LE(at + wordBytes)) : auxv.bytes.readUInt32LE(at + wordBytes);
  }
  return null;
}

/** 4 KB pages: Raspberry Pi 5 kernels with 16 KB pages break many container images. */
export const PAGE_SIZE_CHECK: ReadinessCheck = {
  name: 'page-size',
  run(context) {
    const auxv = new ProcText(512);
    context.files.readInto(PROC_SELF_AUXV, auxv);
    const size = pageSize(auxv);
    if (size === null) return failed(`the page size cannot be read (${PROC_SELF_AUXV})`, 'run the node on Linux with /proc mounted');
    if (size === EXPECTED_PAGE_SIZE) return passed('the kernel uses 4 KB memory pages');
    const kilobytes = size / 1024;
    return failed(
      `the kernel uses ${kilobytes} KB memory pages${kilobytes === 16 ? " (the Raspberry Pi 5's default kernel, kernel_2712.img)" : ''}: many container images and programs built for 4 KB pages crash or refuse to start on it`,
      kilobytes === 16
        ? 'add kernel=kernel8.img to /boot/firmware/config.txt (the 4 KB-page kernel) and reboot'
        : 'boot a kernel built with 4 KB pages, then reboot',
    );
  },
};
