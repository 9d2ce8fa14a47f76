import { Injectable, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { InstanceAccessApi, type ExposePortRequest, type PortForward } from './instance-access-api';

/** Reads of the ports of several instances at once, at most: a teacher's list can hold a class's worth. */
const MAX_PARALLEL_READS = 3;

export interface PortsTarget {
  nodeId: string;
  name: string;
}

const keyOf = (target: PortsTarget) => `${target.nodeId}/${target.name}`;
const inPortOrder = (a: PortForward, b: PortForward) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol);

/**
 * The forwarded ports of the instances on the page: each read once per visit
 * (a few at a time), then kept as this page exposes and removes them. The
 * node keeps a forward while its instance is stopped; it goes with the
 * instance. Provided by the instance list (its dialog shares it), so it
 * lives as long as the page.
 */
@Injectable()
export class InstancePorts {
  private readonly api = inject(InstanceAccessApi);
  private readonly known = signal<ReadonlyMap<string, readonly PortForward[]>>(new Map());
  private readonly failures = signal<ReadonlyMap<string, string>>(new Map());
  private readonly requested = new Set<string>();
  private readonly queue: PortsTarget[] = [];
  private reading = 0;

  /** The instance's forwards, or undefined while not read. */
  of(target: PortsTarget): readonly PortForward[] | undefined {
    return this.known().get(keyOf(target));
  }

  /** Why its forwards could not be read, if they could not. */
  errorOf(target: PortsTarget): string | undefined {
    return this.failures().get(keyOf(target));
  }

  /** Reads its forwards unless this page did already (or is about to). */
  want(target: PortsTarget): void {
    const key = keyOf(target);
    if (this.requested.has(key)) return;
    this.requested.add(key);
    this.queue.push({ nodeId: target.nodeId, name: target.name });
    this.next();
  }

  /** Reads them again now (the ports dialog opens). */
  async reload(target: PortsTarget): Promise<void> {
    this.requested.add(keyOf(target));
    await this.read(target);
  }

  /** Forwards a port; the forward, or the refusal (an ApiError) thrown on. */
  async expose(target: PortsTarget, request: ExposePortRequest): Promise<PortForward> {
    const forward = await this.api.exposePort(target.nodeId, target.name, request);
    this.set(target, [...(this.of(target) ?? []).filter((other) => !same(other, forward)), forward]);
    return forward;
  }

  async unexpose(target: PortsTarget, forward: PortForward): Promise<void> {
    await this.api.unexposePort(target.nodeId, target.name, forward.hostPort, forward.protocol);
    this.set(target, (this.of(target) ?? []).filter((other) => !same(other, forward)));
  }

  private next(): void {
    while (this.reading < MAX_PARALLEL_READS && this.queue.length > 0) {
      const target = this.queue.shift()!;
      this.reading += 1;
      void this.read(target).finally(() => {
        this.reading -= 1;
        this.next();
      });
    }
  }

  private async read(target: PortsTarget): Promise<void> {
    const key = keyOf(target);
    try {
      this.set(target, await this.api.listPorts(target.nodeId, target.name));
      this.failures.update((failures) => without(failures, key));
    } catch (error) {
      this.failures.update((failures) => new Map(failures).set(key, describeFailure(error)));
    }
  }

  private set(target: PortsTarget, forwards: readonly PortForward[]): void {
    this.known.update((known) => new Map(known).set(keyOf(target), [...forwards].sort(inPortOrder)));
  }
}

function same(a: PortForward, b: PortForward): boolean {
  return a.hostPort === b.hostPort && a.protocol === b.protocol;
}

function without<T>(map: ReadonlyMap<string, T>, key: string): ReadonlyMap<string, T> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

/** A forward the browser can open: http:// (the manager says so for ports that usually speak HTTP); tcp:// and udp:// are addresses to read. */
export function opensInBrowser(forward: PortForward): boolean {
  return /^https?:\/\//.test(forward.url);
}
