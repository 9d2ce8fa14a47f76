/**
 * Every program the release build runs on the build machine (never on a
 * board), with the Debian package that provides it and why it is needed.
 * scripts/release/setup-build-host.sh installs each of these packages;
 * libs/lxc-driver/src/host-programs.spec.ts fails when the release code runs a
 * program missing here, when a target's cross tools are missing here, or when
 * the setup script does not install a package, as HOST_PROGRAMS is checked for
 * the boards. `path` is where the build calls a program by its full name.
 */
export const BUILD_PROGRAMS = {
  tar: { package: 'tar', why: 'unpacks the Node.js packages and packs the release tarballs' },
  gzip: { package: 'gzip', why: 'compresses the release tarballs' },
  'dpkg-deb': { package: 'dpkg', why: 'builds the .deb packages' },
  git: { package: 'git', why: 'names the commit a release is built from' },
  readelf: { package: 'binutils', why: "reads the ELF files: the libraries they need (Depends) and the Node.js ABI of an addon" },
  strip: { package: 'binutils', why: 'strips the x64 Node.js and addons' },
  gcc: { package: 'gcc', why: 'node-gyp compiles the x64 addons (SQLite is C)' },
  'g++': { package: 'g++', why: 'node-gyp compiles the x64 addons' },
  ar: { package: 'binutils', why: 'node-gyp archives SQLite for the x64 addon' },
  make: { package: 'make', why: 'node-gyp builds with make' },
  // python3-minimal ships /usr/bin/python3; setup-build-host.sh installs python3 too, for gyp's standard library.
  python3: { package: 'python3-minimal', path: '/usr/bin/python3', why: "node-gyp's gyp is Python (Debian's, whatever else is on PATH)" },
  'aarch64-linux-gnu-gcc': { package: 'gcc-aarch64-linux-gnu', why: 'cross-compiles the arm64 addons' },
  'aarch64-linux-gnu-g++': { package: 'g++-aarch64-linux-gnu', why: 'cross-compiles the arm64 addons' },
  'aarch64-linux-gnu-ar': { package: 'binutils-aarch64-linux-gnu', why: 'archives SQLite for the arm64 addon' },
  'aarch64-linux-gnu-strip': { package: 'binutils-aarch64-linux-gnu', why: 'strips the arm64 Node.js and addons' },
  'arm-linux-gnueabihf-gcc': { package: 'gcc-arm-linux-gnueabihf', why: 'cross-compiles the armv7 addons' },
  'arm-linux-gnueabihf-g++': { package: 'g++-arm-linux-gnueabihf', why: 'cross-compiles the armv7 addons' },
  'arm-linux-gnueabihf-ar': { package: 'binutils-arm-linux-gnueabihf', why: 'archives SQLite for the armv7 addon' },
  'arm-linux-gnueabihf-strip': { package: 'binutils-arm-linux-gnueabihf', why: 'strips the armv7 addons' },
  'qemu-aarch64-static': { package: 'qemu-user-static', why: 'runs the arm64 artefacts in the smoke test and the benchmark (binfmt_misc)' },
  'qemu-arm-static': { package: 'qemu-user-static', why: 'runs the armv7 artefacts in the smoke test and the benchmark (binfmt_misc)' },
  'update-binfmts': { package: 'binfmt-support', why: 'registers the emulators with binfmt_misc (setup-build-host.sh)' },
  unshare: { package: 'util-linux', why: 'runs an artefact in a mount namespace with the checkout hidden' },
  mount: { package: 'mount', why: 'mounts binfmt_misc (setup-build-host.sh) and the tmpfs over the checkout' },
} as const satisfies Record<string, { package: string; why: string; path?: string }>;

export type BuildProgram = keyof typeof BUILD_PROGRAMS;
