import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HOST_PROGRAMS, LXC_TOOLS, type HostProgram } from './host-programs.js';

const REPOSITORY = join(__dirname, '..', '..', '..');
const SETUP_SCRIPT = join(REPOSITORY, 'scripts', 'setup-host.sh');
/** Where programs are started: the code a board runs, and the scripts that prepare one. */
const SOURCE_ROOTS = ['apps', 'libs', 'scripts'];
/** Tests, benchmarks and generated code may run anything. */
const NOT_BOARD_CODE = /(\.spec\.ts|\/test\/|\/test-support\/|\/testing\/|\/generated\/)/;
/** Node.js's own programs come with Node, not with a Debian package. */
const NODE_PROGRAMS = new Set(['npm', 'node']);
/** A program name as the first argument of a call that starts a process. */
const STARTS_PROGRAM = /\b(?:runTool|run|spawn|spawnSync|execFile|execFileSync)\(\s*['"]([^'"]+)['"]/g;
/** Commands setup-host.sh itself runs that its packages provide (the script's own lines, `as_root <program>`). */
const SCRIPT_COMMAND = /^\s*(?:as_root\s+)?(?:if\s+!?\s*)?([a-z][\w.-]*)\s/gm;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mjs|cjs|js)$/.test(entry.name) && !NOT_BOARD_CODE.test(path) ? [path] : [];
  });
}

function programsStartedByCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SOURCE_ROOTS.flatMap((root) => sourceFiles(join(REPOSITORY, root)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(STARTS_PROGRAM)) {
      found.set(match[1]!, file.slice(REPOSITORY.length + 1));
    }
  }
  return found;
}

function packagesInstalledBySetup(): string[] {
  const list = /^packages=\(([^)]*)\)/m.exec(readFileSync(SETUP_SCRIPT, 'utf8'));
  if (!list) throw new Error(`${SETUP_SCRIPT} has no packages=(...) line`);
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
