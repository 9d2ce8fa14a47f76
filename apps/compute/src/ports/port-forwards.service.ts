import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  OnModuleDestroy,
  OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { MAX_INSTANCE_PORT_FORWARDS, type CreatePortForwardDto, type PortForwardDto, type PortProtocol } from '@tinystack/contracts';
import { ContainerBeingCreatedError, ContainerNotFoundError, type ContainerSummary } from '@tinystack/lxc-driver';
import { parsePortRange } from '../access/instance-access.settings.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceEvents, type InstanceEvent } from '../instances/instance-events.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { nftRules } from './nft-rules.js';
import { FirewallError, PortFirewall } from './port-firewall.js';
import type { ActiveForward, PortForward } from './port-forward.js';
import { PortForwardStore } from './port-forward.store.js';

/**
 * The board's port forwards: kept in DATA_DIR/ports.json, applied as one
 * nftables table of the node's own, re-applied whenever the inventory sees an
 * instance start, stop or get another address, restored at start, dropped
 * with their instance and moved with a rename. Changes run one at a time; a
 * change is applied to the firewall first and then saved, and undone in the
 * firewall when it cannot be saved, so nothing is half-done.
 */
@Injectable()
export class PortForwardsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Ports');
  private readonly range: { first: number; last: number };
  private forwards: PortForward[] = [];
  /** The rules text the firewall holds, as far as the node knows. */
  private applied: string | null = null;
  private lastProblem: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly inventory: InstanceInventory,
    private readonly events: InstanceEvents,
    private readonly store: PortForwardStore,
    private readonly firewall: PortFirewall,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
  ) {
    this.range = parsePortRange(settings.PORT_RANGE)!;
  }

  async onModuleInit(): Promise<void> {
    this.forwards = this.store.load();
    this.subscriptions = [
      this.inventory.changes$.subscribe(() => void this.serialized(() => this.sync())),
      this.events.events$.subscribe((event) => void this.serialized(() => this.follow(event))),
    ];
    await this.serialized(() => this.sync());
    if (this.forwards.length > 0) {
      this.logger.log(`Restored ${this.forwards.length} port forward${this.forwards.length === 1 ? '' : 's'} from ${this.store.file}`);
      await this.warnWithoutForwarding();
    }
  }

  onModuleDestroy(): void {
    // The rules stay in the kernel: a restarting node does not cut the class off its services.
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
  }

  list(id: string): PortForwardDto[] {
    this.assertInstance(id);
    return this.forwards.filter((forward) => forward.instance === id).map(toDto);
  }

  add(id: string, request: CreatePortForwardDto): Promise<PortForwardDto> {
    return this.serialized(async () => {
      this.assertInstance(id);
      const own = this.forwards.filter((forward) => forward.instance === id);
      if (own.length >= MAX_INSTANCE_PORT_FORWARDS) {
        throw new ConflictException(`Instance "${id}" already has ${MAX_INSTANCE_PORT_FORWARDS} port forwards, the most one may have`);
      }
      const hostPort = request.hostPort ?? this.freePort(request.protocol);
      if (request.hostPort !== undefined) this.assertUsable(request.hostPort, request.protocol);
      const forward: PortForward = { instance: id, hostPort, containerPort: request.containerPort, protocol: request.protocol };
      await this.commit([...this.forwards, forward]);
      this.logger.log(`forward ${describe(forward)}: added`, { instance: id, hostPort, containerPort: forward.containerPort, protocol: forward.protocol });
      await this.warnWithoutForwarding();
      return toDto(forward);
    });
  }

  remove(id: string, hostPort: number, protocol: PortProtocol): Promise<void> {
    return this.serialized(async () => {
      this.assertInstance(id);
      const forward = this.forwards.find((known) => known.instance === id && known.hostPort === hostPort && known.protocol === protocol);
      if (forward === undefined) throw new NotFoundException(`Instance "${id}" has no ${protocol} forward on port ${hostPort}`);
      await this.commit(this.forwards.filter((known) => known !== forward));
      this.logger.log(`forward ${describe(forward)}: removed`, { instance: id, hostPort, protocol });
    });
  }

  private async follow(event: InstanceEvent): Promise<void> {
    const name = event.type === 'deleted' ? event.name : event.from;
    if (!this.forwards.some((forward) => forward.instance === name)) return;
    const next =
      event.type === 'deleted'
        ? this.forwards.filter((forward) => forward.instance !== name)
        : this.forwards.map((forward) => (forward.instance === name ? { ...forward, instance: event.to } : forward));
    try {
      await this.commit(next);
      this.logger.log(event.type === 'deleted' ? `Removed the port forwards of deleted "${name}"` : `Moved the port forwards of "${name}" to "${event.to}"`);
    } catch (error) {
      this.logger.error(`Could not update the port forwards of "${name}" after its ${event.type === 'deleted' ? 'delete' : 'rename'}: ${(error as Error).message}`);
    }
  }

  /** Applies the current forwards with the instances' current addresses; a failure is logged once per new reason. */
  private async sync(): Promise<void> {
    try {
      await this.apply(this.forwards);
      this.lastProblem = null;
    } catch (error) {
      const message = (error as Error).message;
      if (this.forwards.length > 0 && message !== this.lastProblem) this.logger.error(`Could not apply the port forwards: ${message}`);
      this.lastProblem = message;
    }
  }

  private async commit(next: PortForward[]): Promise<void> {
    await this.apply(next);
    try {
      this.store.save(next);
    } catch (error) {
      await this.apply(this.forwards).catch(() => undefined);
      throw new InternalServerErrorException(`Could not save ${this.store.file}: ${(error as Error).message}; nothing was changed`);
    }
    this.forwards = next;
  }

  private async apply(forwards: readonly PortForward[]): Promise<void> {
    const rules = nftRules(this.settings.NFT_TABLE, this.active(forwards));
    if (rules === this.applied) return;
    try {
      await this.firewall.apply(rules);
    } catch (error) {
      if (error instanceof FirewallError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    this.applied = rules;
  }

  /** The forwards whose instance runs with an IPv4 address; the others wait in the list for it. */
  private active(forwards: readonly PortForward[]): ActiveForward[] {
    let containers: ContainerSummary[];
    try {
      containers = this.inventory.list();
    } catch {
      containers = [];
    }
    return forwards.flatMap((forward) => {
      const container = containers.find((known) => known.name === forward.instance);
      const address = container?.state === 'RUNNING' ? container.ipv4[0] : undefined;
      return address === undefined ? [] : [{ ...forward, address }];
    });
  }

  private assertInstance(id: string): void {
    if (this.inventory.list().some((known) => known.name === id)) return;
    throw this.inventory.isBeingCreated(id) ? new ContainerBeingCreatedError(id) : new ContainerNotFoundError(id);
  }

  private assertUsable(hostPort: number, protocol: PortProtocol): void {
    const { first, last } = this.range;
    if (hostPort < first || hostPort > last) {
      throw new BadRequestException(`hostPort ${hostPort} is outside this node's PORT_RANGE ${first}-${last}`);
    }
    if (protocol === 'tcp' && hostPort === this.settings.COMPUTE_PORT) {
      throw new ConflictException(`Port ${hostPort}/tcp is the compute node's own API port`);
    }
    const holder = this.forwards.find((forward) => forward.hostPort === hostPort && forward.protocol === protocol);
    if (holder !== undefined) {
      throw new ConflictException(`Port ${hostPort}/${protocol} is taken: it forwards to "${holder.instance}" port ${holder.containerPort}`);
    }
  }

  private freePort(protocol: PortProtocol): number {
    const taken = new Set(this.forwards.filter((forward) => forward.protocol === protocol).map((forward) => forward.hostPort));
    for (let port = this.range.first; port <= this.range.last; port += 1) {
      if (!taken.has(port) && !(protocol === 'tcp' && port === this.settings.COMPUTE_PORT)) return port;
    }
    throw new ConflictException(`Every ${protocol} port of PORT_RANGE ${this.range.first}-${this.range.last} is taken`);
  }

  /** The class reaches a forward only when the board forwards IPv4 (lxc-net turns it on). */
  private async warnWithoutForwarding(): Promise<void> {
    const setting = await readFile(join(this.settings.PROC_ROOT, 'proc/sys/net/ipv4/ip_forward'), 'utf8').catch(() => null);
    if (setting?.trim() === '0') {
      this.logger.warn(
        'IPv4 forwarding is off on this board (net.ipv4.ip_forward = 0): forwarded ports answer only the board itself. ' +
          'Enable lxc-net (systemctl enable --now lxc-net) or run: sysctl -w net.ipv4.ip_forward=1',
      );
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function toDto(forward: PortForward): PortForwardDto {
  return { hostPort: forward.hostPort, containerPort: forward.containerPort, protocol: forward.protocol };
}

function describe(forward: PortForward): string {
  return `${forward.hostPort}/${forward.protocol} to "${forward.instance}" port ${forward.containerPort}`;
}
