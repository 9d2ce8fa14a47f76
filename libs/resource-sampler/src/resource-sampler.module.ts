import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { FsProcReader, type HostRootsOption } from './fs.proc-reader.js';
import { ProcReader } from './proc-reader.js';
import { ResourceSampler } from './resource-sampler.js';
import { RESOURCE_SAMPLER_OPTIONS, type ResourceSamplerOptions } from './resource-sampler.options.js';
import { SamplerClock } from './sampler-clock.js';
import { SystemSamplerClock } from './system.sampler-clock.js';

export interface ResourceSamplerModuleOptions extends ResourceSamplerOptions {
  /**
   * Directory read as '/' (`<root>/proc/stat`...), or one per tree
   * (`{ proc, sys, run }`); default '/', the live system.
   */
  root?: HostRootsOption;
  /** The clock and timer of the sampler; default SystemSamplerClock (an app may share its wake-ups). */
  clock?: SamplerClock;
}

export interface ResourceSamplerModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Resolved and passed to useFactory in this order, e.g. [ConfigService]. */
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  // `any` as in Nest's own factory providers: the injected values arrive untyped, and a
  // narrower parameter type would reject factories such as (config: ConfigService) => ...
  useFactory: (...injected: any[]) => ResourceSamplerModuleOptions | Promise<ResourceSamplerModuleOptions>;
}

/**
 * Provides ResourceSampler reading the board through FsProcReader, and that
 * ProcReader for other readers of the same roots. The sampler starts with the
 * application (onModuleInit) and stops with it.
 */
@Module({})
export class ResourceSamplerModule {
  static forRoot(options: ResourceSamplerModuleOptions): DynamicModule {
    return ResourceSamplerModule.withOptions({ provide: RESOURCE_SAMPLER_OPTIONS, useValue: options });
  }

  static forRootAsync(options: ResourceSamplerModuleAsyncOptions): DynamicModule {
    return {
      ...ResourceSamplerModule.withOptions({
        provide: RESOURCE_SAMPLER_OPTIONS,
        useFactory: options.useFactory,
        inject: options.inject ?? [],
      }),
      imports: options.imports ?? [],
    };
  }

  private static withOptions(optionsProvider: Provider): DynamicModule {
    return {
      module: ResourceSamplerModule,
      providers: [
        optionsProvider,
        {
          provide: ProcReader,
          useFactory: (options: ResourceSamplerModuleOptions) => new FsProcReader(options.root),
          inject: [RESOURCE_SAMPLER_OPTIONS],
        },
        {
          provide: SamplerClock,
          useFactory: (options: ResourceSamplerModuleOptions) => options.clock ?? new SystemSamplerClock(),
          inject: [RESOURCE_SAMPLER_OPTIONS],
        },
        ResourceSampler,
      ],
      exports: [ResourceSampler, ProcReader],
    };
  }
}
