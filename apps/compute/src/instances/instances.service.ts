import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  BadRequestException,
  GatewayTimeoutException,
  HttpException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import {
  InstanceAction,
  settledWaitMs,
  type CreateNodeInstanceDto,
  type InstanceActionDto,
  type PatchInstanceDto,
  type InstanceDetailsDto,
  type InstanceDto,
  type InstanceState,
  type InstanceWithFiguresDto,
} from '@tinystack/contracts';
import {
  ContainerBeingCreatedError,
  ContainerNotFoundError,
  LxcDriver,
  LxcError,
  LxcTimeoutError,
  describeLxcFailure,
  type ContainerDetails,
  type ContainerSummary,
  type StopContainerOptions,
} from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { ImageCache } from '../images/image-cache.service.js';
import { InstanceFiguresSampler } from '../sampling/instance-figures.service.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks, type InstanceChangeAction } from './instance-locks.js';
import { InstanceSettings, type InstanceSettingsView } from './instance-settings.service.js';

/** What a change is, for its log line: `create "web1" (template busybox)`. */
interface ChangeDescription {
  action: InstanceChangeAction;
  instance: string;
  /** Words after the name: "(template busybox, then start)", "to "web2"". */
  detail?: string;
}

export interface GetInstanceOptions {
  /** Wait for the change in progress on the instance (bounded by the node's limits) instead of reporting it. */
  settled: boolean;
}

/**
 * The instance operations of the compute API: one at a time per container,
 * inventory kept fresh, one log line per change with its outcome. A failure
 * the node does not know is a 500 that says what failed, never a stack trace.
 */
@Injectable()
export class InstancesService {
  private readonly logger = new Logger('Instances');
  private readonly settleTimeoutMs: number;

  constructor(
    private readonly driver: LxcDriver,
    private readonly inventory: InstanceInventory,
    private readonly locks: InstanceLocks,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
    private readonly events: InstanceEvents,
    private readonly figures: InstanceFiguresSampler,
    private readonly instanceSettings: InstanceSettings,
    private readonly images: ImageCache,
  ) {
    this.settleTimeoutMs = settledWaitMs({
      commandTimeoutMs: settings.LXC_COMMAND_TIMEOUT_MS,
      createTimeoutMs: settings.LXC_CREATE_TIMEOUT_MS,
    });
  }

  /** With each running instance's CPU and memory from the last sample (null when not running). */
  async list(): Promise<InstanceWithFiguresDto[]> {
    const containers = this.inventory.list();
    // Reads each config file (no program runs): limits and autostart are in them.
    const settings = await Promise.all(containers.map((container) => this.instanceSettings.readOrNone(container.name)));
    return containers.map((container, index) => ({
      ...toInstanceDto(container, settings[index]!),
      ...this.figures.figuresOf(container.name),
    }));
  }

  async get(id: string, options: GetInstanceOptions = { settled: false }): Promise<InstanceDetailsDto> {
    this.inventory.assertLxcAvailable();
    try {
      if (options.settled) {
        return await this.locks.afterChanges(id, this.settleTimeoutMs, () => this.details(id));
      }
      if (this.inventory.isBeingCreated(id)) throw new ContainerBeingCreatedError(id);
      return await this.details(id);
    } catch (error) {
      throw this.asApiError(error, `read "${id}"`);
    }
  }

  async create(request: CreateNodeInstanceDto): Promise<InstanceDetailsDto> {
    if (request.image !== undefined && request.template !== undefined) {
      throw new BadRequestException('give either image or template, not both');
    }
    const template = request.image === undefined ? (request.template ?? this.settings.LXC_TEMPLATES[0]!) : null;
    if (template !== null && !this.settings.LXC_TEMPLATES.includes(template)) {
      throw new BadRequestException(
        `template "${template}" is not offered by this node; allowed: ${this.settings.LXC_TEMPLATES.join(', ')}`,
      );
    }
    this.inventory.assertLxcAvailable();
    // Held from here to the end of the create: the cache never evicts an image being unpacked.
    const image = request.image === undefined ? null : this.images.checkout(request.image.sha256);
    const source = image === null ? `template ${template}` : `image ${request.image!.sha256.slice(0, 12)}…`;
    const change: ChangeDescription = {
      action: 'create',
      instance: request.name,
      detail: `(${source}${request.start ? ', then start' : ''})`,
    };
    try {
      const created = await this.changing([request.name], change, async () => {
        if (image === null) await this.driver.create({ name: request.name, template: template! });
        else await this.driver.createFromRootfs({ name: request.name, tarballPath: image.path });
        if (request.limits !== undefined || request.autostart !== undefined) {
          await this.instanceSettings.change(request.name, { limits: request.limits, autostart: request.autostart }, false);
        }
        if (request.start) await this.driver.start(request.name);
        // Both read before the inventory lists it: a list answered before this create's own answer must not show it.
        return { details: await this.driver.get(request.name), settings: await this.instanceSettings.read(request.name) };
      }, ({ details }) => this.inventory.record(details));
      return toInstanceDetailsDto(created.details, created.settings);
    } finally {
      image?.release();
    }
  }

  /** Limits and autostart, stopped or running (then applied live where the kernel allows). */
  async patch(id: string, request: PatchInstanceDto): Promise<InstanceDetailsDto> {
    this.inventory.assertLxcAvailable();
    const limits = request.limits === undefined ? [] : Object.entries(request.limits).filter(([, value]) => value !== undefined);
    const words = [
      ...limits.map(([limit, value]) => `${limit} ${value === null ? 'none' : value}`),
      ...(request.autostart === undefined ? [] : [`autostart ${request.autostart ? 'on' : 'off'}`]),
    ];
    const change: ChangeDescription = { action: 'change', instance: id, detail: `(${words.join(', ') || 'nothing'})` };
    return this.changing([id], change, async () => {
      const before = await this.driver.get(id);
      await this.instanceSettings.change(id, request, before.state !== 'STOPPED');
      return this.details(id);
    }, () => undefined);
  }

  /**
   * The root filesystem of a stopped instance as a tar stream. The instance's
   * lock is held until the stream is done, so it cannot start meanwhile.
   */
  async exportRootfs(id: string): Promise<Readable> {
    this.inventory.assertLxcAvailable();
    return new Promise<Readable>((resolve, reject) => {
      const change: ChangeDescription = { action: 'publish', instance: id, detail: '(its root filesystem as a tarball)' };
      this.changing([id], change, async () => {
        const stream = await this.driver.exportRootfs(id);
        resolve(stream);
        await finished(stream).catch(() => undefined);
      }, () => undefined).catch(reject);
    });
  }

  async act(id: string, request: InstanceActionDto): Promise<InstanceDetailsDto> {
    this.inventory.assertLxcAvailable();
    const stop: StopContainerOptions = {
      force: request.force ?? false,
      timeoutSeconds: request.timeoutSeconds ?? this.settings.LXC_STOP_TIMEOUT_S,
    };
    const change: ChangeDescription = {
      action: request.action,
      instance: id,
      detail: request.action === InstanceAction.START ? undefined : describeStop(stop),
    };
    const changed = await this.changing([id], change, async () => {
      switch (request.action) {
        case InstanceAction.START:
          await this.driver.start(id);
          break;
        case InstanceAction.STOP:
          await this.driver.stop(id, stop);
          break;
        case InstanceAction.RESTART:
          await this.driver.restart(id, stop);
          break;
      }
      this.instanceSettings.applied(id);
      return this.driver.get(id);
    }, (details) => this.inventory.record(details));
    return toInstanceDetailsDto(changed, await this.instanceSettings.read(id));
  }

  async rename(id: string, newName: string): Promise<InstanceDetailsDto> {
    this.inventory.assertLxcAvailable();
    if (newName === id) return this.get(id);
    const change: ChangeDescription = { action: 'rename', instance: id, detail: `to "${newName}"` };
    const renamed = await this.changing([id, newName], change, async () => {
      await this.driver.rename(id, newName);
      return this.driver.get(newName);
    }, (details) => {
      this.inventory.forget(id);
      this.inventory.record(details);
      this.instanceSettings.renamed(id, newName);
      this.events.emit({ type: 'renamed', from: id, to: newName });
    });
    return toInstanceDetailsDto(renamed, await this.instanceSettings.read(newName));
  }

  async remove(id: string, force: boolean): Promise<void> {
    this.inventory.assertLxcAvailable();
    const change: ChangeDescription = { action: 'delete', instance: id, detail: force ? '(force)' : undefined };
    await this.changing([id], change, () => this.driver.destroy(id, { force }), () => {
      this.inventory.forget(id);
      this.events.emit({ type: 'deleted', name: id });
    });
  }

  /** The instance's live figures with its limits and autostart. */
  private async details(id: string): Promise<InstanceDetailsDto> {
    const container = await this.driver.get(id);
    return toInstanceDetailsDto(container, await this.instanceSettings.read(id));
  }

  /**
   * Runs a change under the containers' locks and records its outcome in the
   * inventory at once; a full re-read follows in the background, not delaying
   * the answer. A command that timed out becomes a 504 that reports
   * the state the container was left in. Either way the outcome is logged.
   */
  private async changing<T>(
    keys: string[],
    description: ChangeDescription,
    change: () => Promise<T>,
    recordOutcome: (result: T) => void,
  ): Promise<T> {
    return this.locks.run(keys, description.action, async () => {
      const started = performance.now();
      try {
        const result = await change();
        recordOutcome(result);
        this.logChange(description, performance.now() - started);
        return result;
      } catch (error) {
        const failure =
          error instanceof LxcTimeoutError
            ? new GatewayTimeoutException(
                `${error.message}; ${await this.describeStateAfter(description.instance, description.action)}`,
              )
            : this.asApiError(error, `${description.action} "${description.instance}"`);
        this.logChange(description, performance.now() - started, failure);
        throw failure;
      } finally {
        // After the answer is on its way: spawning lxc-ls blocks the event loop for a moment.
        setImmediate(() => void this.inventory.refresh());
      }
    });
  }

  /** `create "web1" (template busybox): done in 1.3 s`, or `stop "web1": failed after 30.0 s: <reason>` as a warning. */
  private logChange(description: ChangeDescription, durationMs: number, failure?: unknown): void {
    const { action, instance, detail } = description;
    const what = `${action} "${instance}"${detail ? ` ${detail}` : ''}`;
    const fields = { action, instance, durationMs: Math.round(durationMs) };
    if (failure === undefined) {
      this.logger.log(`${what}: done in ${formatDuration(durationMs)}`, { ...fields, result: 'done' });
    } else {
      const reason = failure instanceof LxcError ? describeLxcFailure(failure) : (failure as Error).message;
      this.logger.warn(`${what}: failed after ${formatDuration(durationMs)}: ${reason}`, { ...fields, result: 'failed', reason });
    }
  }

  /**
   * The driver's errors (which the LXC error filter turns into statuses) and
   * HTTP errors pass; anything else is a failure nobody foresaw: its stack goes
   * to the log, and the caller gets a 500 saying what failed.
   */
  private asApiError(error: unknown, what: string): LxcError | HttpException {
    if (error instanceof LxcError || error instanceof HttpException) return error;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`${what} failed unexpectedly: ${reason}`, error instanceof Error ? error.stack : undefined);
    return new InternalServerErrorException(`Could not ${what}: ${reason}`);
  }

  private async describeStateAfter(name: string, action: string): Promise<string> {
    try {
      const details = await this.driver.get(name);
      return `after the ${action} attempt the instance is ${details.state}`;
    } catch (error) {
      if (error instanceof ContainerNotFoundError) return `after the ${action} attempt the instance does not exist`;
      if (error instanceof LxcError) return `its state could not be read: ${describeLxcFailure(error)}`;
      return `its state could not be read: ${(error as Error).message}`;
    }
  }
}

function describeStop(stop: StopContainerOptions): string {
  return stop.force ? '(force)' : `(grace ${stop.timeoutSeconds} s)`;
}

/** 40 ms, 1.3 s, 12 s: what a person reads at a glance. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

export function toInstanceDto(container: ContainerSummary, settings: InstanceSettingsView): InstanceDto {
  return {
    id: container.name,
    name: container.name,
    state: container.state as InstanceState,
    ipv4: container.ipv4,
    limits: settings.limits,
    autostart: settings.autostart,
  };
}

function toInstanceDetailsDto(container: ContainerDetails, settings: InstanceSettingsView): InstanceDetailsDto {
  return {
    ...toInstanceDto(container, settings),
    pid: container.pid,
    cpuTimeNs: container.cpuTimeNs,
    memoryBytes: container.memoryBytes,
    blkioBytes: container.blkioBytes,
    networkRxBytes: container.networkRxBytes,
    networkTxBytes: container.networkTxBytes,
  };
}
