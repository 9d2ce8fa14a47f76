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
  type CreateInstanceDto,
  type InstanceActionDto,
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
import { InstanceFiguresSampler } from '../sampling/instance-figures.service.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks, type InstanceChangeAction } from './instance-locks.js';

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
  ) {
    this.settleTimeoutMs = settledWaitMs({
      commandTimeoutMs: settings.LXC_COMMAND_TIMEOUT_MS,
      createTimeoutMs: settings.LXC_CREATE_TIMEOUT_MS,
    });
  }

  /** With each running instance's CPU and memory from the last sample (null when not running). */
  list(): InstanceWithFiguresDto[] {
    return this.inventory.list().map((container) => ({ ...toInstanceDto(container), ...this.figures.figuresOf(container.name) }));
  }

  async get(id: string, options: GetInstanceOptions = { settled: false }): Promise<InstanceDetailsDto> {
    this.inventory.assertLxcAvailable();
    try {
      if (options.settled) {
        return toInstanceDetailsDto(await this.locks.afterChanges(id, this.settleTimeoutMs, () => this.driver.get(id)));
      }
      if (this.inventory.isBeingCreated(id)) throw new ContainerBeingCreatedError(id);
      return toInstanceDetailsDto(await this.driver.get(id));
    } catch (error) {
      throw this.asApiError(error, `read "${id}"`);
    }
  }

  async create(request: CreateInstanceDto): Promise<InstanceDetailsDto> {
    const template = request.template ?? this.settings.LXC_TEMPLATES[0]!;
    if (!this.settings.LXC_TEMPLATES.includes(template)) {
      throw new BadRequestException(
        `template "${template}" is not offered by this node; allowed: ${this.settings.LXC_TEMPLATES.join(', ')}`,
      );
    }
    this.inventory.assertLxcAvailable();
    const change: ChangeDescription = {
      action: 'create',
      instance: request.name,
      detail: `(template ${template}${request.start ? ', then start' : ''})`,
    };
    const created = await this.changing([request.name], change, async () => {
      await this.driver.create({ name: request.name, template });
      if (request.start) await this.driver.start(request.name);
      return this.driver.get(request.name);
    }, (details) => this.inventory.record(details));
    return toInstanceDetailsDto(created);
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
      return this.driver.get(id);
    }, (details) => this.inventory.record(details));
    return toInstanceDetailsDto(changed);
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
      this.events.emit({ type: 'renamed', from: id, to: newName });
    });
    return toInstanceDetailsDto(renamed);
  }

  async remove(id: string, force: boolean): Promise<void> {
    this.inventory.assertLxcAvailable();
    const change: ChangeDescription = { action: 'delete', instance: id, detail: force ? '(force)' : undefined };
    await this.changing([id], change, () => this.driver.destroy(id, { force }), () => {
      this.inventory.forget(id);
      this.events.emit({ type: 'deleted', name: id });
    });
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

export function toInstanceDto(container: ContainerSummary): InstanceDto {
  return {
    id: container.name,
    name: container.name,
    state: container.state as InstanceState,
    ipv4: container.ipv4,
  };
}

function toInstanceDetailsDto(container: ContainerDetails): InstanceDetailsDto {
  return {
    ...toInstanceDto(container),
    pid: container.pid,
    cpuTimeNs: container.cpuTimeNs,
    memoryBytes: container.memoryBytes,
    blkioBytes: container.blkioBytes,
    networkRxBytes: container.networkRxBytes,
    networkTxBytes: container.networkTxBytes,
  };
}
