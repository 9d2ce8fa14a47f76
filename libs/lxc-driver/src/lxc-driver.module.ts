import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { ExecFileCappedProcessRunner, ExecFileProcessRunner } from './exec-file.process-runner.js';
import { LxcCliDriver } from './lxc-cli.driver.js';
import { LxcCliDriverOptions } from './lxc-cli-driver.options.js';
import { LxcDriver } from './lxc-driver.js';
import { CappedProcessRunner, ProcessRunner } from './process-runner.js';

export interface LxcDriverModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: NonNullable<Extract<Provider, { useFactory: unknown }>['inject']>;
  useFactory: (...args: never[]) => LxcCliDriverOptions | Promise<LxcCliDriverOptions>;
}

/**
 * Binds the LxcDriver port to LxcCliDriver over real processes. Global, so feature
 * modules inject `LxcDriver` without importing this module; import it once, at the root.
 */
@Module({})
export class LxcDriverModule {
  static forRoot(options: LxcCliDriverOptions): DynamicModule {
    return LxcDriverModule.withOptions({ provide: LxcCliDriverOptions, useValue: options }, []);
  }

  /** For options that come from another provider, e.g. validated settings. */
  static forRootAsync(options: LxcDriverModuleAsyncOptions): DynamicModule {
    return LxcDriverModule.withOptions(
      { provide: LxcCliDriverOptions, useFactory: options.useFactory, inject: options.inject ?? [] },
      options.imports ?? [],
    );
  }

  private static withOptions(optionsProvider: Provider, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: LxcDriverModule,
      global: true,
      imports,
      providers: [
        optionsProvider,
        { provide: ProcessRunner, useClass: ExecFileProcessRunner },
        { provide: CappedProcessRunner, useClass: ExecFileCappedProcessRunner },
        { provide: LxcDriver, useClass: LxcCliDriver },
      ],
      // CappedProcessRunner also serves the node's other programs that take input (nft -f -).
      exports: [LxcDriver, CappedProcessRunner],
    };
  }
}
