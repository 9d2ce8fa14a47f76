import { constants } from 'node:fs';
import { access, lstat, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  AttachCommand,
  CgroupLayout,
  ContainerDetails,
  ContainerSettings,
  ContainerSettingsChange,
  ContainerSnapshot,
  CreateFromRootfsOptions,
  LiveLimitProblem,
  ContainerExecRequest,
  ContainerExecResult,
  ContainerSummary,
  CreateContainerOptions,
  InterruptedChange,
  LxcAvailability,
  StopContainerOptions,
} from './container.js';
import { changedLimits, readSettings, rewriteConfig, type CgroupSetting } from './container-limits.js';
import { imageConfig, initKindOf } from './image-config.js';
import { streamedOutput } from './streamed-output.js';
import {
  configValue,
  directoryRootfs,
  findContainerFolderProblem,
  findHalfCreatedFolder,
  findHalfCreatedFolders,
  type HalfCreatedFolder,
  PARTIAL_MARKER,
} from './container-folder.js';
import { assertContainerName, assertTemplateName } from './container-name.guard.js';
import { LxcCliDriverOptions } from './lxc-cli-driver.options.js';
import { LxcDriver } from './lxc-driver.js';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerIncompleteError,
  ContainerNotFoundError,
  ContainerNotRunningError,
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
import { DEFAULT_CONTAINER_PATH, execAttachArgs, killMarkedAttachArgs, newExecMarker, saysNotRunning } from './container-exec.js';
import { ExecFileCappedProcessRunner } from './exec-file.process-runner.js';
import { CappedProcessRunner, ProcessRunner, type ProcessResult } from './process-runner.js';
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
    @Optional() @Inject(CappedProcessRunner) private readonly cappedRunner: CappedProcessRunner = new ExecFileCappedProcessRunner(),
  ) {
    super();
  }

  override async exec(name: string, request: ContainerExecRequest): Promise<ContainerExecResult> {
    assertContainerName(name);
    const marker = newExecMarker();
    let result: ContainerExecResult;
    try {
      result = await this.cappedRunner.runCapped('lxc-attach', [...this.lxcPathArgs(), ...execAttachArgs(name, request, marker)], {
        timeoutMs: request.timeoutMs,
        outputLimitBytes: request.outputLimitBytes,
        input: request.stdin ?? undefined,
        onTimeout: () => this.killMarked(name, marker),
      });
    } catch (error) {
      if (error instanceof CommandNotFoundError) throw new LxcUnavailableError(`lxc-attach is not installed. ${INSTALL_ADVICE}`);
      throw new LxcCommandError('lxc-attach could not be run', error instanceof Error ? error.message : String(error));
    }
    if (result.exitCode !== 0 && !result.timedOut && saysNotRunning(result.stderr)) {
      await this.assertExists(name);
      throw new ContainerNotRunningError(name);
    }
    return result;
  }

  override attachCommand(name: string): AttachCommand {
    assertContainerName(name);
    const env = [`PATH=${DEFAULT_CONTAINER_PATH}`, 'TERM=xterm-256color', 'HOME=/root', 'LANG=C.UTF-8'];
    return {
      program: 'lxc-attach',
      args: [...this.lxcPathArgs(), '-n', name, '--clear-env', ...env.flatMap((variable) => ['--set-var', variable]), '--', '/bin/sh', '-l'],
    };
  }

  /** Kills what escaped an exec's process group inside the container; bounded, and never fails the exec's answer. */
  private async killMarked(name: string, marker: string): Promise<void> {
    await this.runTool('lxc-attach', killMarkedAttachArgs(name, marker), this.options.commandTimeoutMs).catch(() => undefined);
  }

  private lxcPathArgs(): string[] {
    return this.options.lxcPath === null ? [] : ['-P', this.options.lxcPath];
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
    // -s: with its snapshots (lxc-destroy refuses a container that has some otherwise).
    const args = options.force ? ['-n', name, '-s', '-f'] : ['-n', name, '-s'];
    let result = await this.runTool('lxc-destroy', args, this.options.commandTimeoutMs);
    if (result.exitCode === 0) return;
    // LXC 5 does not stop a running container with snapshots for -s -f ("is not stopped"): killed first, then destroyed.
    if (options.force && result.stderr.includes('is not stopped')) {
      await this.kill(name);
      result = await this.runTool('lxc-destroy', args, this.options.commandTimeoutMs);
      if (result.exitCode === 0) return;
    }
    if (result.stderr.includes('is running') || result.stderr.includes('is not stopped')) throw new ContainerRunningError(name, 'delete');
    if (result.stderr.includes('not defined')) throw new ContainerNotFoundError(name);
    throw failure('lxc-destroy', `delete "${name}"`, result);
  }

  override async createFromRootfs(options: CreateFromRootfsOptions): Promise<void> {
    const { name, tarballPath } = options;
    assertContainerName(name);
    const lxcPath = await this.requireLxcPath();
    if ((await this.findContainer(name)) !== null) throw new ContainerExistsError(name);
    const folder = join(lxcPath, name);
    try {
      await mkdir(folder, { mode: 0o770 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new LxcCommandError(`could not make the folder of "${name}"`, (error as Error).message);
      // Someone is creating it (their partial marker), or a folder LXC cannot see blocks the name: theirs, left alone.
      if ((await findHalfCreatedFolder(lxcPath, name)) !== null) throw new ContainerBeingCreatedError(name);
      throw new ContainerExistsError(name);
    }
    try {
      // First, as lxc-create does: a power cut from here on leaves a folder finishInterruptedChanges() removes.
      await writeFile(join(folder, PARTIAL_MARKER), '');
      const rootfs = join(folder, 'rootfs');
      await mkdir(rootfs, { mode: 0o755 });
      await this.unpack(name, tarballPath, rootfs);
      const config = imageConfig({ name, rootfs, init: await initKindOf(rootfs), defaultConfig: await this.defaultConfig() });
      await writeFile(join(folder, 'config'), config, { mode: 0o640 });
      await rm(join(folder, PARTIAL_MARKER));
    } catch (error) {
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
      if (error instanceof LxcError) throw error;
      throw new LxcCommandError(`could not create "${name}" from ${tarballPath}`, (error as Error).message);
    }
  }

  private async unpack(name: string, tarballPath: string, rootfs: string): Promise<void> {
    let result: ProcessResult;
    try {
      // GNU tar refuses members with ".." and strips leading "/": nothing lands outside the rootfs.
      result = await this.runner.run(
        'tar',
        ['--extract', '--file', tarballPath, '--directory', rootfs, '--numeric-owner', '--preserve-permissions'],
        { timeoutMs: this.options.createTimeoutMs },
      );
    } catch (error) {
      if (error instanceof CommandNotFoundError) throw new LxcUnavailableError('tar is not installed: apt-get install tar');
      if (error instanceof ProcessTimeoutError) throw new LxcTimeoutError(`tar did not unpack the image of "${name}" within ${this.options.createTimeoutMs} ms`);
      throw new LxcCommandError('tar could not be run', (error as Error).message);
    }
    if (result.exitCode !== 0) throw new LxcCommandError(`tar could not unpack the image of "${name}" (exit ${result.exitCode})`, nonEmpty(result.stderr));
  }

  /** LXC's default config (lxc.default_config), which lxc-create copies into every new container; empty when there is none. */
  private async defaultConfig(): Promise<string> {
    try {
      const result = await this.runner.run('lxc-config', ['lxc.default_config'], { timeoutMs: this.options.commandTimeoutMs });
      const path = result.stdout.trim();
      return result.exitCode === 0 && path !== '' ? await readFile(path, 'utf8') : '';
    } catch {
      return '';
    }
  }

  override async exportRootfs(name: string): Promise<Readable> {
    const { rootfs } = await this.stoppedDirectoryContainer(name, 'publish');
    return streamedOutput('tar', ['--create', '--file', '-', '--directory', rootfs, '--numeric-owner', '.'], {
      idleTimeoutMs: this.options.commandTimeoutMs,
    });
  }

  override async listSnapshots(name: string): Promise<ContainerSnapshot[]> {
    assertContainerName(name);
    const folder = await this.containerFolder(name);
    const entries = await readdir(join(folder, SNAPSHOTS_FOLDER), { withFileTypes: true }).catch(() => []);
    const snapshots: ContainerSnapshot[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !/^snap\d+$/.test(entry.name)) continue;
      const snapFolder = join(folder, SNAPSHOTS_FOLDER, entry.name);
      const comment = await readFile(join(snapFolder, 'comment'), 'utf8').then((text) => text.trim() || null, () => null);
      const taken = await stat(join(snapFolder, 'ts')).catch(() => stat(snapFolder));
      const size = await readFile(join(snapFolder, SIZE_FILE), 'utf8').then((text) => Number(text.trim()), () => Number.NaN);
      snapshots.push({
        lxcName: entry.name,
        comment,
        createdAt: taken.mtime.toISOString(),
        sizeBytes: Number.isSafeInteger(size) && size >= 0 ? size : null,
      });
    }
    return snapshots.sort((a, b) => Number(a.lxcName.slice(4)) - Number(b.lxcName.slice(4)));
  }

  override async createSnapshot(name: string, comment: string): Promise<ContainerSnapshot> {
    await this.stoppedDirectoryContainer(name, 'snapshot');
    const before = new Set((await this.listSnapshots(name)).map((snapshot) => snapshot.lxcName));
    const commentFolder = await mkdtemp(join(tmpdir(), 'tinystack-snapshot-'));
    try {
      const commentFile = join(commentFolder, 'comment');
      await writeFile(commentFile, `${comment}\n`, { mode: 0o600 });
      const result = await this.runTool('lxc-snapshot', ['-n', name, '-c', commentFile], this.options.createTimeoutMs);
      if (result.exitCode !== 0) throw failure('lxc-snapshot', `snapshot "${name}"`, result);
    } finally {
      await rm(commentFolder, { recursive: true, force: true });
    }
    const made = (await this.listSnapshots(name)).find((snapshot) => !before.has(snapshot.lxcName));
    if (made === undefined) throw new LxcCommandError(`lxc-snapshot reported success but "${name}" has no new snapshot`);
    const folder = join(await this.containerFolder(name), SNAPSHOTS_FOLDER, made.lxcName);
    // Measured once, kept beside it: a list never walks a root filesystem.
    const sizeBytes = await diskUsage(folder).catch(() => null);
    if (sizeBytes !== null) await writeFile(join(folder, SIZE_FILE), `${sizeBytes}\n`).catch(() => undefined);
    return { ...made, sizeBytes };
  }

  override async restoreSnapshot(name: string, lxcName: string): Promise<void> {
    assertSnapshotName(lxcName);
    await this.stoppedDirectoryContainer(name, 'restore');
    const result = await this.runTool('lxc-snapshot', ['-n', name, '-r', lxcName], this.options.createTimeoutMs);
    if (result.exitCode !== 0) throw failure('lxc-snapshot', `restore "${name}" from ${lxcName}`, result);
  }

  override async deleteSnapshot(name: string, lxcName: string): Promise<void> {
    assertContainerName(name);
    assertSnapshotName(lxcName);
    const result = await this.runTool('lxc-snapshot', ['-n', name, '-d', lxcName], this.options.commandTimeoutMs);
    if (result.exitCode !== 0) throw failure('lxc-snapshot', `delete ${lxcName} of "${name}"`, result);
  }

  override async readSettings(name: string, layout: CgroupLayout): Promise<ContainerSettings> {
    assertContainerName(name);
    return readSettings(await this.readConfig(name), layout);
  }

  override async changeSettings(name: string, change: ContainerSettingsChange, layout: CgroupLayout): Promise<ContainerSettings> {
    assertContainerName(name);
    const config = await this.readConfig(name);
    const current = readSettings(config, layout);
    const next: ContainerSettings = {
      limits: changedLimits(current.limits, change.limits),
      autostart: change.autostart ?? current.autostart,
    };
    const file = join(await this.containerFolder(name), 'config');
    const pending = `${file}.tinystack-new`;
    try {
      // A new file renamed over the old: a power cut leaves the old config or the new one, never half of one.
      await writeFile(pending, rewriteConfig(config, next, layout), { mode: 0o640, flush: true });
      await rename(pending, file);
    } catch (error) {
      await rm(pending, { force: true }).catch(() => undefined);
      throw new LxcCommandError(`could not write the config of "${name}"`, (error as Error).message);
    }
    return next;
  }

  override async applyLiveSettings(name: string, settings: readonly CgroupSetting[]): Promise<LiveLimitProblem[]> {
    assertContainerName(name);
    const problems: LiveLimitProblem[] = [];
    for (const setting of settings) {
      const result = await this.runTool('lxc-cgroup', ['-n', name, '--', setting.file, setting.value], this.options.commandTimeoutMs);
      if (result.exitCode !== 0) problems.push({ key: setting.file, reason: nonEmpty(result.stderr) ?? `lxc-cgroup exit ${result.exitCode}` });
    }
    return problems;
  }

  private async readConfig(name: string): Promise<string> {
    const config = await readFile(join(await this.containerFolder(name), 'config'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new ContainerNotFoundError(name);
      throw new LxcCommandError(`could not read the config of "${name}"`, error.message);
    });
    return config;
  }

  /** The folder of a container LXC knows (it has a config). */
  private async containerFolder(name: string): Promise<string> {
    const folder = join(await this.requireLxcPath(), name);
    if (!(await lstat(join(folder, 'config')).then(() => true, () => false))) throw new ContainerNotFoundError(name);
    return folder;
  }

  /** A whole, stopped container with a directory rootfs: what tar and lxc-snapshot work on. */
  private async stoppedDirectoryContainer(name: string, action: string): Promise<{ rootfs: string }> {
    const container = await this.get(name);
    if (container.state !== 'STOPPED') throw new ContainerRunningError(name, action);
    const config = await this.readConfig(name);
    const rootfs = directoryRootfs(config);
    if (rootfs === null) {
      throw new LxcCommandError(`cannot ${action} "${name}": its root filesystem is not a directory (${configValue(config, 'lxc.rootfs.path') ?? 'none'})`);
    }
    return { rootfs };
  }

  private async requireLxcPath(): Promise<string> {
    const lxcPath = await this.lxcPath();
    if (lxcPath === null) throw new LxcUnavailableError(`lxc-config cannot tell the default lxcpath. ${INSTALL_ADVICE}`);
    return lxcPath;
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
    try {
      return await this.runner.run(tool, [...this.lxcPathArgs(), ...args], { timeoutMs });
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

/** Where lxc-snapshot keeps a directory-backed container's snapshots, in its folder. */
const SNAPSHOTS_FOLDER = 'snaps';
/** TinyStack's note of a snapshot's size, beside LXC's files of it. */
const SIZE_FILE = 'tinystack-size';

function assertSnapshotName(lxcName: string): void {
  if (!/^snap\d{1,6}$/.test(lxcName)) throw new Error(`Refusing snapshot name "${lxcName}": expected LXC's snapN`);
}

/** Bytes a folder takes on disk (allocated blocks), without following links; bounded by the folder's size. */
async function diskUsage(folder: string): Promise<number> {
  let total = 0;
  const pending = [folder];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const path = pending.pop()!;
    const info = await lstat(path);
    // Hard links are counted once, as du does.
    const inode = `${info.dev}:${info.ino}`;
    if (info.nlink > 1 && seen.has(inode)) continue;
    seen.add(inode);
    total += info.blocks * 512;
    if (info.isDirectory()) for (const entry of await readdir(path)) pending.push(join(path, entry));
  }
  return total;
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
