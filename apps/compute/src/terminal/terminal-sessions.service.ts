import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { ContainerNotFoundError, LxcDriver } from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { PtySpawner, type PtySize } from './pty.spawner.js';
import { TerminalSession } from './terminal-session.js';

export const INSTANCE_STOPPED_REASON = 'the instance stopped';
const STOP_CHECKS = 10;
const STOP_CHECK_INTERVAL_MS = 300;

/**
 * The node's terminal sessions: at most TERMINAL_MAX_SESSIONS at once, each a
 * login shell in a PTY around lxc-attach, closed with a reason when the
 * instance stops, when nobody typed for TERMINAL_IDLE_MINUTES, or when the
 * node shuts down.
 */
@Injectable()
export class TerminalSessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private readonly sessions = new Set<TerminalSession>();
  private readonly opened = new Subject<string>();
  private inventoryChanges?: Subscription;

  constructor(
    private readonly driver: LxcDriver,
    private readonly inventory: InstanceInventory,
    private readonly spawner: PtySpawner,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
  ) {}

  onModuleInit(): void {
    this.inventoryChanges = this.inventory.changes$.subscribe((containers) => {
      for (const session of this.sessions) {
        const container = containers.find((known) => known.name === session.instance);
        if (container?.state !== 'RUNNING') session.exit(null, INSTANCE_STOPPED_REASON);
      }
    });
  }

  onModuleDestroy(): void {
    this.inventoryChanges?.unsubscribe();
    for (const session of [...this.sessions]) session.exit(null, 'the node is shutting down');
    this.opened.complete();
  }

  /** The instance of each session opened, for the LED matrix's "a terminal opened here" pattern. */
  get opened$(): Observable<string> {
    return this.opened.asObservable();
  }

  count(): number {
    return this.sessions.size;
  }

  /** null when a session may open, else why not (the session cap). */
  refusal(): string | null {
    const max = this.settings.TERMINAL_MAX_SESSIONS;
    if (this.sessions.size < max) return null;
    return `This node already has ${max} terminal session${max === 1 ? '' : 's'} open, its limit (TERMINAL_MAX_SESSIONS): close one and try again`;
  }

  open(socket: WebSocket, instance: string, size: PtySize): void {
    const attach = this.driver.attachCommand(instance);
    let pty;
    try {
      pty = this.spawner.spawn(attach.program, attach.args, size);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Could not open a terminal in "${instance}": ${reason}`);
      socket.send(JSON.stringify({ type: 'error', message: `The node could not open a terminal: ${reason}` }));
      socket.close(1011, 'The node could not open a terminal');
      return;
    }
    const session: TerminalSession = new TerminalSession(socket, pty, {
      instance,
      idleMs: this.settings.TERMINAL_IDLE_MINUTES * 60_000,
      describeExit: (code) => this.describeExit(instance, code),
      onClosed: () => {
        this.sessions.delete(session);
        this.logger.log(`Terminal session in "${instance}" closed (${this.sessions.size} open)`, { instance });
      },
    });
    this.sessions.add(session);
    this.logger.log(`Terminal session in "${instance}" opened (${this.sessions.size} open)`, { instance });
    this.opened.next(instance);
  }

  /**
   * A shell that ended because its instance stopped says so. A shell killed by
   * a signal (status 128 + n) is what a stopping container does to it, while
   * lxc-info may still say RUNNING for a moment: the state is asked again a
   * few times before the node concludes that only the shell was killed.
   */
  private async describeExit(instance: string, code: number | null): Promise<string> {
    const killed = code === null || code >= 128;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const details = await this.driver.get(instance);
        if (details.state !== 'RUNNING') return INSTANCE_STOPPED_REASON;
      } catch (error) {
        return error instanceof ContainerNotFoundError ? 'the instance was deleted' : `the shell ended (status ${code ?? 'unknown'})`;
      }
      if (!killed) return `the shell exited with status ${code}`;
      if (attempt >= STOP_CHECKS) return 'the shell was killed';
      await new Promise((resolve) => setTimeout(resolve, STOP_CHECK_INTERVAL_MS));
    }
  }
}
