import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BUILD_PROGRAMS } from '../../../scripts/release/build-programs.js';
import { toolchainPrograms } from '../../../scripts/release/addon-builds.js';
import { RELEASE_TARGETS } from '../../../scripts/release/release-targets.js';
import { HOST_PROGRAMS, LXC_TOOLS, TEST_PROGRAMS, type HostProgram } from './host-programs.js';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SETUP_SCRIPT = join(REPOSITORY, 'scripts', 'setup-host.sh');
/** Where programs are started: the code a board runs, and the scripts that prepare one. */
const SOURCE_ROOTS = ['apps', 'libs', 'scripts'];
/** The release build runs on the build machine, never on a board: its programs are BUILD_PROGRAMS. */
const RELEASE_TOOLING = join('scripts', 'release');
const BUILD_SETUP_SCRIPT = join(REPOSITORY, RELEASE_TOOLING, 'setup-build-host.sh');
/** Tests, benchmarks and generated code may run anything. */
const NOT_BOARD_CODE = /(\.spec\.ts|\/test\/|\/test-support\/|\/testing\/|\/generated\/)/;
/** Node.js's own programs come with Node, not with a Debian package. */
const NODE_PROGRAMS = new Set(['npm', 'node']);
/** A program name as the first argument of a call that starts a process. */
const STARTS_PROGRAM = /\b(?:runTool|runCapped|run|spawn|spawnSync|execFile|execFileSync)\(\s*['"]([^'"]+)['"]/g;
/** Commands setup-host.sh itself runs that its packages provide (the script's own lines, `as_root <program>`). */
const SCRIPT_COMMAND = /^\s*(?:as_root\s+)?(?:if\s+!?\s*)?([a-z][\w.-]*)\s/gm;

function sourceFiles(directory: string, skip: string | null): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || path === skip ? [] : sourceFiles(path, skip);
    return /\.(ts|mjs|cjs|js)$/.test(entry.name) && !NOT_BOARD_CODE.test(path) && !/\.smoke-spec\.ts$/.test(path) ? [path] : [];
  });
}

/** Programs the board code starts (`roots` = SOURCE_ROOTS without the release tooling), or the release tooling. */
function programsStartedByCode(roots: string[] = SOURCE_ROOTS, skip: string | null = join(REPOSITORY, RELEASE_TOOLING)): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of roots.flatMap((root) => sourceFiles(join(REPOSITORY, root), skip))) {
    for (const match of readFileSync(file, 'utf8').matchAll(STARTS_PROGRAM)) {
      found.set(match[1]!, file.slice(REPOSITORY.length + 1));
    }
  }
  return found;
}

function packagesInstalledBySetup(script = SETUP_SCRIPT, variable = 'packages'): string[] {
  const list = new RegExp(`^${variable}=\\(([^)]*)\\)`, 'm').exec(readFileSync(script, 'utf8'));
  if (!list) throw new Error(`${script} has no packages=(...) line`);
  return list[1]!.trim().split(/\s+/);
}

function which(program: string): string | null {
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    try {
      return realpathSync(join(directory, program));
    } catch {
      // not in this directory
    }
  }
  return null;
}

describe('the programs TinyStack runs on a board', () => {
  it('are all declared with their package, whoever starts them', () => {
    const undeclared = [...programsStartedByCode()]
      .filter(([program]) => !NODE_PROGRAMS.has(program) && !Object.hasOwn(HOST_PROGRAMS, program))
      .map(([program, file]) => `${program} (started in ${file})`);
    expect(undeclared, 'add these to HOST_PROGRAMS with their Debian package').toEqual([]);
    expect(LXC_TOOLS.filter((tool) => !Object.hasOwn(HOST_PROGRAMS, tool))).toEqual([]);
  });

  it('finds the programs in the code (the scan itself works)', () => {
    const started = programsStartedByCode();
    expect(started.get('lxc-create')).toBe('libs/lxc-driver/src/lxc-cli.driver.ts');
    expect(started.has('lxc-config')).toBe(true);
  });

  it('include every command setup-host.sh runs from the packages it installs', () => {
    const script = readFileSync(SETUP_SCRIPT, 'utf8');
    const used = new Set([...script.matchAll(SCRIPT_COMMAND)].map((match) => match[1]!));
    expect(used.has('dnsmasq') && used.has('ip')).toBe(true);
    for (const program of ['dnsmasq', 'ip'] as const) expect(HOST_PROGRAMS[program]).toBeDefined();
  });

  it('have their packages installed by scripts/setup-host.sh', () => {
    const installed = new Set(packagesInstalledBySetup());
    const missing = Object.entries(HOST_PROGRAMS)
      .filter(([, program]) => !installed.has(program.package))
      .map(([name, program]) => `${program.package} (for ${name}: ${program.why})`);
    expect(missing, 'add these packages to packages=(...) in scripts/setup-host.sh').toEqual([]);
  });

  it("that only tests run have their packages installed by setup-host.sh --for-tests, and are not a board's", () => {
    const forTests = new Set(packagesInstalledBySetup(SETUP_SCRIPT, 'test_packages'));
    const missing = Object.entries(TEST_PROGRAMS)
      .filter(([, program]) => !forTests.has(program.package))
      .map(([name, program]) => `${program.package} (for ${name}: ${program.why})`);
    expect(missing, 'add these packages to test_packages=(...) in scripts/setup-host.sh').toEqual([]);
    expect(Object.keys(TEST_PROGRAMS).filter((name) => Object.hasOwn(HOST_PROGRAMS, name))).toEqual([]);
  });

  // The declared package must be the one that really ships the program: checked with dpkg where it runs.
  const dpkg = which('dpkg');
  const requireHost = process.env['TINYSTACK_REQUIRE_LXC'] === '1';
  (dpkg ? it : it.skip)('come from the packages declared for them (dpkg -S on this machine)', () => {
    const problems: string[] = [];
    for (const [name, program] of Object.entries(HOST_PROGRAMS) as Array<[HostProgram, { package: string }]>) {
      const path = which(name);
      if (path === null) {
        if (requireHost) problems.push(`${name} is not installed (run scripts/setup-host.sh)`);
        continue;
      }
      const owner = dpkgOwner(path) ?? dpkgOwner(path.replace(/^\/usr\//, '/'));
      const packageName = owner?.split(':')[0];
      if (packageName !== program.package) problems.push(`${name} (${path}) comes from ${owner ?? 'no package'}, not ${program.package}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the programs the release build runs on the build machine', () => {
  const releaseCode = () => programsStartedByCode([RELEASE_TOOLING], null);

  it('are kept apart from the board programs: the board scan does not see scripts/release', () => {
    expect(programsStartedByCode().get('dpkg-deb')).toBeUndefined();
    expect(releaseCode().get('dpkg-deb')).toBe('scripts/release/debian-package.ts');
  });

  it('are all declared with their package, whoever starts them', () => {
    const undeclared = [...releaseCode()]
      .filter(([program]) => !NODE_PROGRAMS.has(program) && !Object.hasOwn(BUILD_PROGRAMS, program))
      .map(([program, file]) => `${program} (started in ${file})`);
    expect(undeclared, 'add these to BUILD_PROGRAMS with their Debian package').toEqual([]);
  });

  it("include every target's compilers and binutils (node-gyp and make start them)", () => {
    const tools = Object.values(RELEASE_TARGETS).flatMap((target) => toolchainPrograms(target));
    expect(tools).toContain('aarch64-linux-gnu-g++');
    expect(tools.filter((tool) => !Object.hasOwn(BUILD_PROGRAMS, tool))).toEqual([]);
  });

  it('have their packages installed by scripts/release/setup-build-host.sh, which runs only declared programs', () => {
    const installed = new Set(packagesInstalledBySetup(BUILD_SETUP_SCRIPT));
    const missing = Object.entries(BUILD_PROGRAMS)
      .filter(([, program]) => !installed.has(program.package))
      .map(([name, program]) => `${program.package} (for ${name}: ${program.why})`);
    expect(missing, 'add these packages to packages=(...) in scripts/release/setup-build-host.sh').toEqual([]);
    const script = readFileSync(BUILD_SETUP_SCRIPT, 'utf8');
    for (const program of ['update-binfmts', 'mount'] as const) {
      expect(script).toMatch(new RegExp(`as_root ${program} `));
      expect(BUILD_PROGRAMS[program]).toBeDefined();
    }
  });

  const dpkg = which('dpkg');
  const requireHost = process.env['TINYSTACK_REQUIRE_LXC'] === '1';
  (dpkg ? it : it.skip)('come from the packages declared for them (dpkg -S on this machine)', () => {
    const problems: string[] = [];
    const found: Array<{ name: string; package: string; path: string; spellings: string[] }> = [];
    for (const [name, program] of Object.entries(BUILD_PROGRAMS) as Array<[string, { package: string; path?: string }]>) {
      const path = program.path ?? whichUnresolved(name);
      if (path === null || !existsSync(path)) {
        if (requireHost) problems.push(`${name} is not installed (run scripts/release/setup-build-host.sh)`);
        continue;
      }
      // A command is often a symlink its package ships (aarch64-linux-gnu-gcc -> ...-gcc-12): the link first.
      const spellings = [path, realpathSync(path)].flatMap((file) => [file, file.replace(/^\/usr\//, '/')]);
      found.push({ name, package: program.package, path, spellings });
    }
    const owners = dpkgOwners(found.flatMap((program) => program.spellings));
    for (const program of found) {
      const owner = program.spellings.map((file) => owners.get(file)).find((owned) => owned !== undefined);
      if (owner !== program.package) problems.push(`${program.name} (${program.path}) comes from ${owner ?? 'no package'}, not ${program.package}`);
    }
    expect(problems).toEqual([]);
  });
});

/** The package owning each of many files, in one dpkg call (it is slow); files no package owns are left out. */
function dpkgOwners(files: string[]): Map<string, string> {
  let output: string;
  try {
    output = execFileSync('dpkg', ['-S', ...new Set(files)], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // dpkg -S exits 1 when any file is unowned; the owned ones are on stdout all the same.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const owners = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([^:,\s]+)(?::[\w-]+)?(?:, [^:]+)?: (.+)$/.exec(line);
    if (match) owners.set(match[2]!, match[1]!);
  }
  return owners;
}

function whichUnresolved(program: string): string | null {
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    if (existsSync(join(directory, program))) return join(directory, program);
  }
  return null;
}

/** The package that owns a file, as dpkg knows it (merged /usr: try both spellings). */
function dpkgOwner(path: string): string | null {
  try {
    return execFileSync('dpkg', ['-S', path], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] })
      .split(':')
      .slice(0, -1)
      .join(':')
      .trim()
      .split(',')[0]!
      .trim();
  } catch {
    return null;
  }
}
