import { Test, type TestingModule } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import { ResourceSampler } from './resource-sampler.js';
import { ResourceSamplerModule } from './resource-sampler.module.js';

// Reads this machine's real /proc and /sys: figures vary, so only their ranges are checked.
describe.runIf(process.platform === 'linux')('ResourceSampler on the live system', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [ResourceSamplerModule.forRoot({ intervalMs: 1000 })] }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('publishes a first sample with plausible figures soon after start', async () => {
    const sampler = moduleRef.get(ResourceSampler);

    const sample = await firstValueFrom(sampler.samples$);

    expect(sampler.latest()).toBe(sample);
    expect(sample.memoryTotalBytes).toBeGreaterThan(0);
    expect(sample.memoryUsedBytes).toBeGreaterThan(0);
    expect(sample.memoryUsedBytes).toBeLessThanOrEqual(sample.memoryTotalBytes);
    expect(sample.memoryPercent).toBeGreaterThan(0);
    expect(sample.memoryPercent).toBeLessThanOrEqual(100);
    expect(sample.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(sample.cpuPercent).toBeLessThanOrEqual(100);
    expect(Number.isInteger(sample.networkRxBytesPerSecond)).toBe(true);
    expect(sample.networkRxBytesPerSecond).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(sample.networkTxBytesPerSecond)).toBe(true);
    expect(sample.networkTxBytesPerSecond).toBeGreaterThanOrEqual(0);
    expect(sample.iops).toBeGreaterThanOrEqual(0);
    if (sample.temperatureCelsius !== null) {
      expect(sample.temperatureCelsius).toBeGreaterThan(-40);
      expect(sample.temperatureCelsius).toBeLessThan(130);
    }
  });
});
