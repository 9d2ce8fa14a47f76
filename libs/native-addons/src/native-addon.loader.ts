import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuOfArch, readElfHeader } from './elf-header.js';
import { debianPackageName, isReleaseArch, tarballName } from './release-arch.js';

/** A package with a compiled part (a `.node` file) that must match the CPU and the Node.js that load it. */
export interface NativeAddon {
  /** The npm package. */
  package: string;
  /** What the app needs it for, in words. */
  purpose: string;
}

export const BETTER_SQLITE3: NativeAddon = { package: 'better-sqlite3', purpose: "the manager's SQLite database" };
export const I2C_BUS: NativeAddon = { package: 'i2c-bus', purpose: 'the LED matrix on the I2C bus' };
export const NODE_PTY: NativeAddon = { package: 'node-pty', purpose: "the terminal sessions in the board's instances" };

/** Where the addon is being loaded: this process, unless a test says otherwise. */
export interface AddonHost {
  arch: string;
  nodeVersion: string;
  /** NODE_MODULE_VERSION of this Node.js. */
  abi: number;
  /** The version of the TinyStack release tree this runs from, or undefined in a source checkout. */
  release: string | undefined;
}

/**
 * release.json at the root of a release tree (scripts/release writes it), seen
 * from the app bundles (dist/apps/<app>) and from this source folder alike.
 */
export const RELEASE_MANIFEST = join(__dirname, '..', '..', '..', 'release.json');

export function thisHost(manifest = RELEASE_MANIFEST): AddonHost {
  return { arch: process.arch, nodeVersion: process.version, abi: Number(process.versions.modules), release: releaseVersion(manifest) };
}

function releaseVersion(manifest: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** The native addon of a package could not be loaded; the message says which file, why, and what to do. */
export class NativeAddonLoadError extends Error {
  constructor(
    readonly addon: NativeAddon,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = new.target.name;
  }
}

/**
 * Runs `load` (the require of the package, or the first use that loads its
 * `.node` file) and turns a failure to load the compiled part into a
 * NativeAddonLoadError a person can act on. glibc reports a file built for
 * another CPU as "cannot open shared object file: No such file or directory"
 * although the file is there; this reads the file's ELF header instead. Any
 * other error (a database that cannot be opened...) is thrown unchanged.
 */
export function loadNativeAddon<T>(addon: NativeAddon, load: () => T, host: AddonHost = thisHost()): T {
  try {
    return load();
  } catch (error) {
    const message = describeAddonFailure(addon, error, host);
    if (message === null) throw error;
    throw new NativeAddonLoadError(addon, message, error);
  }
}

/** Known NODE_MODULE_VERSIONs of the Node.js release lines. */
const NODE_OF_ABI: Record<number, string> = { 108: '18', 115: '20', 120: '21', 127: '22', 131: '23', 137: '24' };

function nodeOfAbi(abi: number): string {
  return NODE_OF_ABI[abi] ? `Node.js ${NODE_OF_ABI[abi]}` : `the Node.js with NODE_MODULE_VERSION ${abi}`;
}

/** The sentence about what went wrong, or null when the error is not about loading the addon. */
export function describeAddonFailure(addon: NativeAddon, error: unknown, host: AddonHost): string | null {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const opening = `The native addon of ${addon.package} (for ${addon.purpose}) could not be loaded`;

  if (code === 'MODULE_NOT_FOUND' && text.includes(`'${addon.package}'`)) {
    return `${opening}: the ${addon.package} package is not installed. ${packageMissingAdvice(addon, host)}`;
  }
  if (text.startsWith('Could not locate the bindings file')) {
    return `${opening}: it was never compiled (${firstLine(text)}). ${rebuildAdvice(addon, host)}`;
  }
  if (code !== 'ERR_DLOPEN_FAILED') return null;

  const file = /(\/[^\s:'"]+\.node)\b/.exec(text)?.[1];
  const where = file ?? `the ${addon.package} addon`;
  const abi = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(text);
  if (abi) {
    const built = Number(abi[1]);
    return (
      `${opening}: ${where} is built for ${nodeOfAbi(built)} (NODE_MODULE_VERSION ${built}), ` +
      `and this is Node.js ${host.nodeVersion} (NODE_MODULE_VERSION ${host.abi}). ${abiAdvice(addon, host, built)}`
    );
  }
  const elf = file && existsSync(file) ? readElfHeader(file) : null;
  if (elf && elf.arch !== host.arch) {
    return (
      `${opening}: ${where} is built for ${elf.cpu} (${elf.bits}-bit ELF, e_machine ${elf.machine}), ` +
      `and this machine is ${cpuOfArch(host.arch)} (process.arch ${host.arch}). ${wrongCpuAdvice(addon, host)}`
    );
  }
  const library = /(GLIBC(?:XX)?_[\d.]+)' not found/.exec(text)?.[1];
  if (library) {
    return (
      `${opening}: ${where} needs ${library}, which this system's C/C++ libraries do not have ` +
      `(the packages are built on Debian 12: Raspberry Pi OS 12 "Bookworm" or newer is needed). ${rebuildAdvice(addon, host)}`
    );
  }
  return `${opening}: ${firstLine(text)}. ${rebuildAdvice(addon, host)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function installAdvice(host: AddonHost): string {
  if (!isReleaseArch(host.arch)) {
    return `TinyStack publishes no package for ${host.arch}: build it from source on this machine (npm ci && npm run build).`;
  }
  const version = host.release ?? '<version>';
  return `Install the tinystack package for ${host.arch}: ${debianPackageName(version, host.arch)} or ${tarballName(version, host.arch)}.`;
}

function rebuildAdvice(addon: NativeAddon, host: AddonHost): string {
  return host.release
    ? `This TinyStack package is not meant for this system. ${installAdvice(host)}`
    : `Rebuild it for this machine and this Node.js: npm rebuild ${addon.package}`;
}

function wrongCpuAdvice(addon: NativeAddon, host: AddonHost): string {
  return host.release ? installAdvice(host) : `Rebuild it on this machine: npm rebuild ${addon.package} (node_modules copied from another CPU never load).`;
}

const USE_THE_LAUNCHERS =
  'Start TinyStack with its launchers (bin/tinystack-compute, bin/tinystack-manager): they choose the Node.js and the addons built for it, or say what to install';

function abiAdvice(addon: NativeAddon, host: AddonHost, built: number): string {
  return host.release ? `${USE_THE_LAUNCHERS}; or run it with ${nodeOfAbi(built)}.` : `Rebuild it for this Node.js: npm rebuild ${addon.package}`;
}

function packageMissingAdvice(addon: NativeAddon, host: AddonHost): string {
  return host.release
    ? `${USE_THE_LAUNCHERS}; if you did, the package is incomplete: install it again.`
    : `Install the dependencies: npm ci (or npm install ${addon.package}).`;
}
