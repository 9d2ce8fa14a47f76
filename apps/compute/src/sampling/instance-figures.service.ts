import { cpus } from 'node:os';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { LxcDriver } from '@tinystack/lxc-driver';
import { ProcReader, ResourceSampler } from '@tinystack/resource-sampler';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { locateCgroup, parseBytes, parseCpuNanoseconds, type ContainerCgroup } from './container-cgroup.js';

export interface InstanceFigures {
  cpuPercent: number | null;
  memoryBytes: number | null;
}

interface Tracked {
  pid: number;
  cgroup: ContainerCgroup;
  lastCpuNs: number | null;
  lastAtNs: bigint | null;
  figures: InstanceFigures;
}

const LOCATE_RETRY_MS = 30_000;
const NO_FIGURES: InstanceFigures = Object.freeze({ cpuPercent: null, memoryBytes: null });

/**
 * CPU % and memory of each running instance, read from its cgroup on the
 * board's sample timer and cached: a request never reads a cgroup file. Per
 * sample a running instance costs two small file reads; where its cgroup is
 * found costs one lxc-info (for the init's PID) when it starts, not per sample.
 * CPU % is a share of the whole board (all cores together), like the board's own.
 */
@Injectable()
export class InstanceFiguresSampler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('InstanceFigures');
  private readonly tracked = new Map<string, Tracked>();
  private readonly locating = new Set<string>();
  /** When the cgroup of an instance could not be found: asked again after LOCATE_RETRY_MS, not at every sample. */
  private readonly notFoundAt = new Map<string, number>();
  private readonly cores = Math.max(1, cpus().length);
  private unified?: boolean;
  private subscription?: Subscription;
  private sampling = false;

  constructor(
    private readonly sampler: ResourceSampler,
    private readonly inventory: InstanceInventory,
    private readonly driver: LxcDriver,
    private readonly reader: ProcReader,
  ) {}

  onModuleInit(): void {
    this.subscription = this.sampler.samples$.subscribe(() => void this.sample());
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  figuresOf(name: string): InstanceFigures {
    return this.tracked.get(name)?.figures ?? NO_FIGURES;
  }

  /** One round: every running instance's counters; a round still running when the next sample comes is not doubled. */
  async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      let running: string[];
      try {
        running = this.inventory.list().filter((container) => container.state === 'RUNNING').map((container) => container.name);
      } catch {
        running = [];
      }
      for (const name of this.tracked.keys()) if (!running.includes(name)) this.tracked.delete(name);
      for (const name of this.notFoundAt.keys()) if (!running.includes(name)) this.notFoundAt.delete(name);
      await Promise.all(running.map((name) => (this.tracked.has(name) ? this.read(name) : this.locate(name))));
    } finally {
      this.sampling = false;
    }
  }

  private async read(name: string): Promise<void> {
    const entry = this.tracked.get(name)!;
    const [cpuText, memoryText] = await Promise.all([this.reader.readText(entry.cgroup.cpuFile), this.reader.readText(entry.cgroup.memoryFile)]);
    if (cpuText === null || memoryText === null) {
      // Restarted (a new init, another cgroup) or gone: found again at the next sample.
      this.tracked.delete(name);
      return;
    }
    const now = process.hrtime.bigint();
    const cpuNs = parseCpuNanoseconds(cpuText, entry.cgroup.cpuFormat);
    let cpuPercent: number | null = null;
    if (cpuNs !== null && entry.lastCpuNs !== null && entry.lastAtNs !== null && now > entry.lastAtNs) {
      const share = (cpuNs - entry.lastCpuNs) / Number(now - entry.lastAtNs) / this.cores;
      cpuPercent = Math.round(Math.min(100, Math.max(0, share * 100)) * 10) / 10;
    }
    entry.lastCpuNs = cpuNs;
    entry.lastAtNs = now;
    entry.figures = { cpuPercent: cpuPercent ?? entry.figures.cpuPercent, memoryBytes: parseBytes(memoryText) };
  }

  private async locate(name: string): Promise<void> {
    if (this.locating.has(name) || Date.now() - (this.notFoundAt.get(name) ?? -Infinity) < LOCATE_RETRY_MS) return;
    this.locating.add(name);
    try {
      const details = await this.driver.get(name);
      this.unified ??= (await this.reader.readText('/sys/fs/cgroup/cgroup.controllers')) !== null;
      const procCgroup = details.pid === null ? null : await this.reader.readText(`/proc/${details.pid}/cgroup`);
      const cgroup = procCgroup === null ? null : locateCgroup(procCgroup, this.unified);
      if (cgroup === null || details.pid === null) {
        this.notFoundAt.set(name, Date.now());
        return;
      }
      this.notFoundAt.delete(name);
      this.tracked.set(name, { pid: details.pid, cgroup, lastCpuNs: null, lastAtNs: null, figures: NO_FIGURES });
      await this.read(name);
    } catch (error) {
      this.notFoundAt.set(name, Date.now());
      this.logger.debug(`Could not find the cgroup of "${name}": ${(error as Error).message}`);
    } finally {
      this.locating.delete(name);
    }
  }
}
