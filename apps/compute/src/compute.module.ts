import { Module, type DynamicModule } from '@nestjs/common';
import { ApiKitModule, SettingsModule } from '@tinystack/api-kit';
import { LxcDriverModule } from '@tinystack/lxc-driver';
import { ComputeSettings } from './config/compute.settings.js';
import { DiscoveryModule } from './discovery/discovery.module.js';
import { HealthModule } from './health/health.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { ComputeTokenModule } from './join/compute-token.module.js';
import { JoinModule } from './join/join.module.js';
import { LedModule } from './led/led.module.js';
import { TimingModule } from './timing/timing.module.js';
import { UsageModule } from './usage/usage.module.js';

/** The compute node: the paper's Table 1 API over this board's LXC containers. */
@Module({})
export class ComputeModule {
  static forRoot(settings: ComputeSettings, apiToken: string): DynamicModule {
    return {
      module: ComputeModule,
      imports: [
        SettingsModule.forRoot(ComputeSettings, settings),
        ApiKitModule.forRoot({ apiToken }),
        ComputeTokenModule.forRoot(apiToken),
        TimingModule,
        LxcDriverModule.forRoot({
          lxcPath: settings.LXC_PATH ?? null,
          commandTimeoutMs: settings.LXC_COMMAND_TIMEOUT_MS,
          createTimeoutMs: settings.LXC_CREATE_TIMEOUT_MS,
        }),
        InstancesModule,
        UsageModule,
        LedModule,
        JoinModule,
        HealthModule,
        DiscoveryModule,
      ],
    };
  }
}
