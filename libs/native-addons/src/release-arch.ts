/**
 * The board kinds TinyStack publishes a package for, by Node.js `process.arch`:
 * the names of the tarball and the Debian package, the ELF e_machine of its
 * binaries and the boards it is for. scripts/release builds exactly these; the
 * addon message names them.
 */
export const RELEASE_ARCHES = {
  x64: { tarball: 'linux-x64', debian: 'amd64', elfMachine: 62, boards: 'x86-64 PCs' },
  arm64: { tarball: 'linux-arm64', debian: 'arm64', elfMachine: 183, boards: 'Raspberry Pi 3, 4, 5 on a 64-bit OS' },
  arm: { tarball: 'linux-armv7l', debian: 'armhf', elfMachine: 40, boards: 'Raspberry Pi 2, or any Pi on a 32-bit OS' },
} as const satisfies Record<string, { tarball: string; debian: string; elfMachine: number; boards: string }>;

export type ReleaseArch = keyof typeof RELEASE_ARCHES;

export function isReleaseArch(arch: string): arch is ReleaseArch {
  return Object.hasOwn(RELEASE_ARCHES, arch);
}

export function tarballName(version: string, arch: ReleaseArch): string {
  return `tinystack-${version}-${RELEASE_ARCHES[arch].tarball}.tar.gz`;
}

export function debianPackageName(version: string, arch: ReleaseArch): string {
  return `tinystack_${version}_${RELEASE_ARCHES[arch].debian}.deb`;
}
