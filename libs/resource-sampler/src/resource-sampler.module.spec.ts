import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { ResourceSampler } from './resource-sampler.js';
import { ResourceSamplerModule } from './resource-sampler.module.js';
import { fixtureRoot } from './testing/fixture-tree.js';

const SAMPLER_CONFIG = Symbol('SAMPLER_CONFIG');

interface SamplerConfig {
  sampleEveryMs: number;
  procRoot: string;
}

@Module({
  providers: [
    { provide: SAMPLER_CONFIG, useValue: { sampleEveryMs: 60_000, procRoot: fixtureRoot('old-kernel') } satisfies SamplerConfig },
  ],
  exports: [SAMPLER_CONFIG],
})
class SamplerConfigModule {}

describe('ResourceSamplerModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('forRoot reads the board below the given root and starts with the application', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ResourceSamplerModule.forRoot({ intervalMs: 60_000, root: fixtureRoot('pi-first') })],
    }).compile();
    const sampler = moduleRef.get(ResourceSampler);
    await moduleRef.init();

    // The same fixture read twice: levels as in pi-first, nothing grew.
    expect(await sampler.sampleNow()).toEqual({
      takenAt: expect.any(Date),
      cpuPercent: 0,
      memoryPercent: 35.4,
      memoryUsedBytes: (948304 - 612464) * 1024,
      memoryTotalBytes: 948304 * 1024,
      networkRxBytesPerSecond: 0,
      networkTxBytesPerSecond: 0,
      iops: 0,
      temperatureCelsius: 51.5,
    });
  });

  it('forRootAsync takes its options from an injected provider', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ResourceSamplerModule.forRootAsync({
          imports: [SamplerConfigModule],
          inject: [SAMPLER_CONFIG],
          useFactory: (config: SamplerConfig) => ({ intervalMs: config.sampleEveryMs, root: config.procRoot }),
        }),
      ],
    }).compile();
    const sampler = moduleRef.get(ResourceSampler);
    await moduleRef.init();

    const sample = await sampler.sampleNow();

    // old-kernel: no MemAvailable (fallback estimate), no thermal zones
    expect(sample.memoryPercent).toBe(30.5);
    expect(sample.temperatureCelsius).toBeNull();
  });

  it('completes samples$ when the application closes', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ResourceSamplerModule.forRoot({ intervalMs: 60_000, root: fixtureRoot('pi-first') })],
    }).compile();
    const sampler = moduleRef.get(ResourceSampler);
    await moduleRef.init();
    const sample = await sampler.sampleNow();
    const everything = lastValueFrom(sampler.samples$.pipe(toArray()));

    await moduleRef.close();
    moduleRef = undefined;

    expect(await everything).toEqual([sample]);
  });
});
