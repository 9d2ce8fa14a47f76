import { constants } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type {
  ContainerDetails,
  ContainerSummary,
  CreateContainerOptions,
  InterruptedChange,
  LxcAvailability,
  StopContainerOptions,
} from './container.js';
import {
  findContainerFolderProblem,
  findHalfCreatedFolder,
  findHalfCreatedFolders,
  type HalfCreatedFolder,
} from './container-folder.js';
import { assertContainerName, assertTemplateName } from './container-name.guard.js';
import { LxcCliDriverOptions } from './lxc-cli-driver.options.js';
import { LxcDriver } from './lxc-driver.js';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerIncompleteError,
  ContainerNotFoundError,
  ContainerRunningError,
  LxcCommandError,
  LxcError,
  LxcTimeoutError,
  LxcUnavailableError,
  describeLxcFailure,
} from './lxc-errors.js';
import type { LxcTool } from './host-programs.js';
import { finishInterruptedRenames, renameInPlace } from './in-place-rename.js';
import { parseLxcInfo } from './lxc-info.parser.js';
import { ListingFingerprint } from './listing-fingerprint.js';
import { parseLxcLs } from './lxc-ls.parser.js';
import { ProcessRunner, type ProcessResult } from './process-runner.js';
import { CommandNotFoundError, ProcessTimeoutError } from './process-runner.errors.js';

const INSTALL_ADVICE = 'Install LXC with: apt-get install lxc busybox-static';
/** lxc-stop exits 2 when the container exists but is not running. */
const LXC_STOP_NOT_RUNNING = 2;


/** LxcDriver over the LXC command-line tools (LXC 4/5), one lxcpath per instance. */
@Injectable()
export class LxcCliDriver extends LxcDriver {
  private defaultPath?: string;
  private readonly fingerprint = new ListingFingerprint();

  constructor(
    @Inject(ProcessRunner) private readonly runner: ProcessRunner,
    @Inject(LxcCliDriverOptions) private readonly options: LxcCliDriverOptions,
  ) {
    super();
  }

  override async checkAvailability(): Promise<LxcAvailability> {
    let version: string;
    try {
      const result = await this.runTool('lxc-ls', ['--version'], this.options.commandTimeoutMs);
      if (result.exitCode !== 0) {
        return unavailable(`lxc-ls --version failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
      }
      version = result.stdout.trim();
    } catch (error) {
      if (error instanceof LxcError) return unavailable(error.message);
      throw error;
    }

    const lxcPath = await this.lxcPath();
    if (lxcPath === null) return unavailable(`lxc-config cannot tell the default lxcpath. ${INSTALL_ADVICE}`);
    const pathProblem = await findLxcPathProblem(lxcPath);
    if (pathProblem !== null) return { available: false, version, reason: pathProblem };
    return { available: true, version, reason: null };
  }

  override async list(): Promise<ContainerSummary[]> {
    const result = await this.runTool('lxc-ls', ['-f', '-F', 'NAME,STATE,IPV4'], this.options.commandTimeoutMs);
    if (result.exitCode !== 0) throw failure('lxc-ls', 'list containers', result);
    const listed = parseLxcLs(result.stdout);
    const lxcPath = await this.lxcPath();
    if (lxcPath === null) return listed;
    const problems = await Promise.all(listed.map((container) => findContainerFolderProblem(lxcPath, container.name)));
    return listed.filter((_, index) => problems[index] === null);
  }

  override async listingFingerprint(): Promise<string> {
    const lxcPath = await this.lxcPath();
    return lxcPath === null ? 'no lxcpath' : this.fingerprint.take(lxcPath);
  }

  override async get(name: string): Promise<ContainerDetails> {
    assertContainerName(name);
    const result = await this.runTool('lxc-info', ['-n', name, '-H'], this.options.commandTimeoutMs);
    if (result.exitCode !== 0) {
      if (result.stderr.includes("doesn't exist")) throw new ContainerNotFoundError(name);
      throw failure('lxc-info', `read "${name}"`, result);
    }
    await this.assertWhole(name);
    return parseLxcInfo(result.stdout);
  }

  override async create(options: CreateContainerOptions): Promise<void> {
    const { name, template } = options;
    assertContainerName(name);
    assertTemplateName(template);
    if ((await this.findContainer(name)) !== null) throw new ContainerExistsError(name);

    let result: ProcessResult;
    try {
      result = await this.runTool('lxc-create', ['-n', name, '-t', template], this.options.createTimeoutMs);
    } catch (error) {
      if (error instanceof LxcTimeoutError) await this.removeHalfCreated(name);
      throw error;
    }
    if (result.exitCode === 0) return;
    // Someone created it since our check, or is creating it: it is theirs, leave it alone.
    if (result.stderr.includes('already exists')) throw new ContainerExistsError(name);
    if (result.stderr.includes('partially created')) throw new ContainerBeingCreatedError(name);
    await this.removeHalfCreated(name);
    throw failure('lxc-create', `create "${name}" from template "${template}"`, result);
  }

  override async start(name: string): Promise<void> {
    assertContainerName(name);
    // lxc-start daemonises and returns once the container is RUNNING; for a
    // running container it exits 0 too. No state check first: each spawned
    // tool costs milliseconds on a slow board.
    const started = await this.runTool('lxc-start', ['-n', name], this.options.commandTimeoutMs);
    if (started.exitCode === 0) return;
    if (started.stderr.includes('No container config specified')) throw new ContainerNotFoundError(name);
    throw failure('lxc-start', `start "${name}"`, started);
  }

  override async stop(name: string, options: StopContainerOptions): Promise<void> {
    assertContainerName(name);
    assertStopTimeout(options.timeoutSeconds);
    // The tools are run first and the state read only when they fail: each
    // spawned tool costs milliseconds on a slow board.
    if (options.force || options.timeoutSeconds === 0) {
      await this.kill(name);
      return;
    }

    // lxc-stop -t kills by itself once the time is up; the fallback covers it failing or hanging.
    let graceful: ProcessResult | null = null;
    try {
      graceful = await this.runTool(
        'lxc-stop',
        ['-n', name, '-t', String(options.timeoutSeconds)],
        this.selfTimedCommandTimeoutMs(options.timeoutSeconds),
      );
    } catch (error) {
      if (!(error instanceof LxcTimeoutError)) throw error;
    }
    if (graceful?.exitCode === 0) return;
    if (graceful?.exitCode === LXC_STOP_NOT_RUNNING) return this.assertExists(name);
    await this.kill(name);
  }

  override async restart(name: string, options: StopContainerOptions): Promise<void> {
    await this.stop(name, options);
    await this.start(name);
  }

  /**
   * A stopped container whose rootfs is a directory in its own folder is
   * renamed in place (a folder rename and a config rewrite, milliseconds);
   * anything else goes through lxc-copy -R, which copies the rootfs.
   */
  override async rename(name: string, newName: string): Promise<void> {
    assertContainerName(name);
    assertContainerName(newName);
    const container = await this.get(name);
    if (container.state !== 'STOPPED') throw new ContainerRunningError(name, 'rename');
    const lxcPath = await this.lxcPath();
    if (lxcPath !== null && (await this.renameFolder(lxcPath, name, newName)) === 'renamed') return;
    await this.renameByCopy(name, newName);
  }

  /** renameInPlace, its file-system errors (a full SD card, permissions) reported like a failing tool's. */
  private async renameFolder(lxcPath: string, name: string, newName: string): Promise<'renamed' | 'not-eligible'> {
    try {
      return await renameInPlace(lxcPath, name, newName);
    } catch (error) {
      throw new LxcCommandError(`could not rename "${name}" to "${newName}" in place`, (error as Error).message);
    }
  }

  /**
   * Finishes the renames a power cut interrupted, then removes what an
   * interrupted lxc-create left: nothing can be creating while the node starts.
   */
  override async finishInterruptedChanges(): Promise<InterruptedChange[]> {
    const lxcPath = await this.lxcPath();
    if (lxcPath === null) return [];
    const renames = (await finishInterruptedRenames(lxcPath)).map((name) => ({
      name,
      outcome: 'finished its interrupted rename',
      repaired: true,
    }));
    const creates: InterruptedChange[] = [];
    for (const folder of await findHalfCreatedFolders(lxcPath)) creates.push(await this.removeHalfCreatedFolder(lxcPath, folder));
    return [...renames, ...creates];
  }

  private async removeHalfCreatedFolder(lxcPath: string, folder: HalfCreatedFolder): Promise<InterruptedChange> {
    const { name } = folder;
    try {
      if (!folder.defined) {
        // LXC's tools cannot see a container without a config ("not defined"), yet its folder blocks that name.
        await rm(join(lxcPath, name), { recursive: true, force: true });
        return { name, outcome: 'removed its folder: a create was cut off before LXC wrote its config', repaired: true };
      }
      const result = await this.runTool('lxc-destroy', ['-n', name, '-f'], this.options.commandTimeoutMs);
      if (result.exitCode !== 0) throw failure('lxc-destroy', `delete the half-made "${name}"`, result);
      return { name, outcome: 'destroyed: a create was cut off and left it half-made', repaired: true };
    } catch (error) {
      const reason = error instanceof LxcError ? describeLxcFailure(error) : (error as Error).message;
      return { name, outcome: `left half-made (hidden from the list): ${reason}`, repaired: false };
    }
  }

  private async renameByCopy(name: string, newName: string): Promise<void> {
    const result = await this.runTool('lxc-copy', ['-n', name, '-N', newName, '-R'], this.options.commandTimeoutMs);
    if (result.exitCode === 0) return;
    // lxc-copy says little (often nothing) about why it failed: find out.
    const container = await this.get(name);
    if ((await this.findContainer(newName)) !== null) throw new ContainerExistsError(newName);
    if (container.state !== 'STOPPED') throw new ContainerRunningError(name, 'rename');
    throw failure('lxc-copy', `rename "${name}" to "${newName}"`, result);
  }

  override async destroy(name: string, options: { force: boolean }): Promise<void> {
    assertContainerName(name);
    const args = options.force ? ['-n', name, '-f'] : ['-n', name];
    const result = await this.runTool('lxc-destroy', args, this.options.commandTimeoutMs);
    if (result.exitCode === 0) return;
    if (result.stderr.includes('is running')) throw new ContainerRunningError(name, 'delete');
    if (result.stderr.includes('not defined')) throw new ContainerNotFoundError(name);
    throw failure('lxc-destroy', `delete "${name}"`, result);
  }

  /** A container LXC knows but that is not whole is refused with what is wrong with it. */
  private async assertWhole(name: string): Promise<void> {
    const lxcPath = await this.lxcPath();
    const problem = lxcPath === null ? null : await findContainerFolderProblem(lxcPath, name);
    if (problem?.kind === 'being-created') throw new ContainerBeingCreatedError(name);
    if (problem?.kind === 'missing-rootfs') throw new ContainerIncompleteError(name, problem.rootfs);
  }

  private async findContainer(name: string): Promise<ContainerDetails | null> {
    try {
      return await this.get(name);
    } catch (error) {
      if (error instanceof ContainerNotFoundError) return null;
      throw error;
    }
  }

  private async kill(name: string): Promise<void> {
    const result = await this.runTool('lxc-stop', ['-n', name, '-k'], this.options.commandTimeoutMs);
    if (result.exitCode === LXC_STOP_NOT_RUNNING) return this.assertExists(name);
    if (result.exitCode !== 0) throw failure('lxc-stop', `kill "${name}"`, result);
  }

  /** lxc-stop answers "not running" for unknown names too. */
  private async assertExists(name: string): Promise<void> {
    await this.get(name);
  }

  /** Best effort, after our own lxc-create failed: the caller is already failing with the real reason. */
  private async removeHalfCreated(name: string): Promise<void> {
    try {
      await this.runTool('lxc-destroy', ['-n', name, '-f'], this.options.commandTimeoutMs);
      // Cut off before LXC wrote its config, the folder is invisible to lxc-destroy yet blocks the name.
      const lxcPath = await this.lxcPath();
      const left = lxcPath === null ? null : await findHalfCreatedFolder(lxcPath, name);
      if (lxcPath !== null && left !== null && !left.defined) await rm(join(lxcPath, name), { recursive: true, force: true });
    } catch {
      // Nothing more to do; the original failure is what the caller needs to see.
    }
  }

  /** The configured lxcpath, else LXC's default (asked until LXC can tell, then remembered). */
  override async lxcPath(): Promise<string | null> {
    if (this.options.lxcPath !== null) return this.options.lxcPath;
    this.defaultPath ??= (await this.defaultLxcPath()) ?? undefined;
    return this.defaultPath ?? null;
  }

  private async defaultLxcPath(): Promise<string | null> {
    try {
      const result = await this.runner.run('lxc-config', ['lxc.lxcpath'], { timeoutMs: this.options.commandTimeoutMs });
      return result.exitCode === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : null;
    } catch {
      return null;
    }
  }

  /** A tool that enforces a timeout of its own gets a process timeout beyond it, so its own answer wins. */
  private selfTimedCommandTimeoutMs(toolTimeoutSeconds: number): number {
    return toolTimeoutSeconds * 1000 + this.options.commandTimeoutMs;
  }

  private async runTool(tool: LxcTool, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
    const lxcPathArgs = this.options.lxcPath === null ? [] : ['-P', this.options.lxcPath];
    try {
      return await this.runner.run(tool, [...lxcPathArgs, ...args], { timeoutMs });
    } catch (error) {
      if (error instanceof CommandNotFoundError) {
        throw new LxcUnavailableError(`${tool} is not installed. ${INSTALL_ADVICE}`);
      }
      if (error instanceof ProcessTimeoutError) {
        throw new LxcTimeoutError(`${tool} did not finish within ${timeoutMs} ms`, nonEmpty(error.stderr));
      }
      throw new LxcCommandError(`${tool} could not be run`, error instanceof Error ? error.message : String(error));
    }
  }
}

function failure(tool: LxcTool, action: string, result: ProcessResult): LxcCommandError {
  return new LxcCommandError(`${tool} could not ${action} (exit ${result.exitCode})`, nonEmpty(result.stderr));
}

function nonEmpty(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

function unavailable(reason: string): LxcAvailability {
  return { available: false, version: null, reason };
}

function assertStopTimeout(timeoutSeconds: number): void {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0) {
    throw new Error(`Refusing stop timeout ${timeoutSeconds}: expected a whole number of seconds, 0 or more`);
  }
}

async function findLxcPathProblem(lxcPath: string): Promise<string | null> {
  const info = await stat(lxcPath).catch(() => null);
  if (info === null) return `The lxcpath ${lxcPath} does not exist: create it (mkdir -p ${lxcPath}) or configure another one`;
  if (!info.isDirectory()) return `The lxcpath ${lxcPath} is not a directory`;
  try {
    await access(lxcPath, constants.W_OK | constants.X_OK);
  } catch {
    return `The lxcpath ${lxcPath} is not writable by this process (LXC needs root)`;
  }
  return null;
}
