import { Injectable, OnApplicationBootstrap, ServiceUnavailableException } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { hostname } from 'node:os';
import type { UsageDto } from '@tinystack/contracts';
import { ResourceSampler } from '@tinystack/resource-sampler';
import { InstanceInventory } from '../instances/instance-inventory.service.js';

/** Board usage from the sampler's and the inventory's caches: a request never reads /proc or runs LXC. */
@Injectable()
export class UsageService implements OnApplicationBootstrap {
  constructor(
    private readonly sampler: ResourceSampler,
    private readonly inventory: InstanceInventory,
  ) {}

  /** The node starts listening only once it has figures to give. */
  async onApplicationBootstrap(): Promise<void> {
    await firstValueFrom(this.sampler.samples$);
  }

  current(): UsageDto {
    const sample = this.sampler.latest();
    if (!sample) {
      throw new ServiceUnavailableException('The first usage sample is not taken yet; retry in a second');
    }
    const counts = this.inventory.counts();
    return {
      hostname: hostname(),
      sampledAt: sample.takenAt.toISOString(),
      cpuPercent: sample.cpuPercent,
      memoryPercent: sample.memoryPercent,
      memoryUsedBytes: sample.memoryUsedBytes,
      memoryTotalBytes: sample.memoryTotalBytes,
      networkRxBytesPerSecond: sample.networkRxBytesPerSecond,
      networkTxBytesPerSecond: sample.networkTxBytesPerSecond,
      iops: sample.iops,
      runningInstances: counts.running,
      totalInstances: counts.total,
      temperatureCelsius: sample.temperatureCelsius,
    };
  }
}
