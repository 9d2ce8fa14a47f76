import { Inject, Injectable, Logger } from '@nestjs/common';
import { EXEC_RULES, type ExecRequestDto, type ExecResultDto } from '@tinystack/contracts';
import { ContainerBeingCreatedError, ContainerNotFoundError, ContainerNotRunningError, LxcDriver } from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';

/**
 * Runs one command in a running instance. Whether it runs is read from the
 * inventory (no LXC tool per request); the log line names the program only,
 * never its arguments, input or output, which may hold a learner's secrets.
 */
@Injectable()
export class ExecService {
  private readonly logger = new Logger('Exec');

  constructor(
    private readonly driver: LxcDriver,
    private readonly inventory: InstanceInventory,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
  ) {}

  async run(id: string, request: ExecRequestDto): Promise<ExecResultDto> {
    assertRunning(this.inventory, id);
    const result = await this.driver.exec(id, {
      command: request.command,
      env: request.env ?? {},
      cwd: request.cwd ?? null,
      timeoutMs: (request.timeoutSeconds ?? EXEC_RULES.timeoutSeconds.default) * 1000,
      outputLimitBytes: this.settings.EXEC_OUTPUT_MAX_BYTES,
      stdin: request.stdin ?? null,
    });
    const program = request.command[0]!.slice(0, 80);
    const outcome = result.timedOut ? 'killed after its timeout' : `exit ${result.exitCode}`;
    this.logger.log(`exec in "${id}" (${program}): ${outcome} in ${result.durationMs} ms${result.truncated ? ', output cut' : ''}`, {
      instance: id,
      program,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
    });
    return result;
  }
}

/** 404 for an unknown instance, 409 while it is created or when it is not running. */
export function assertRunning(inventory: InstanceInventory, id: string): void {
  const container = inventory.list().find((known) => known.name === id);
  if (container === undefined) throw inventory.isBeingCreated(id) ? new ContainerBeingCreatedError(id) : new ContainerNotFoundError(id);
  if (container.state !== 'RUNNING') throw new ContainerNotRunningError(id);
}
