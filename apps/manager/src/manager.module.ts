import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ApiKitModule, SettingsModule, WebSocketUpgradesModule } from '@tinystack/api-kit';
import { AuthModule } from './auth/auth.module.js';
import { PrincipalGuard } from './auth/principal.guard.js';
import { ManagerSettings } from './config/manager.settings.js';
import { ConsoleModule } from './console/console.module.js';
import { DiscoveryModule } from './discovery/discovery.module.js';
import { EnrolmentModule } from './enrolment/enrolment.module.js';
import { EventStreamModule } from './events/event-stream.module.js';
import { HealthModule } from './health/health.module.js';
import { ImagesModule } from './images/images.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { JoinTokensModule } from './join-tokens/join-tokens.module.js';
import { MqttModule } from './mqtt/mqtt.module.js';
import { NodesModule } from './nodes/nodes.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { QuotasModule } from './quotas/quotas.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TerminalModule } from './terminal/terminal.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UsersModule } from './users/users.module.js';
import { PollingModule } from './polling/polling.module.js';
import { RetentionModule } from './retention/retention.module.js';

/** The manager: the registry of compute nodes, their polling, and the cluster API over them. */
@Module({})
export class ManagerModule {
  static forRoot(settings: ManagerSettings, apiToken: string): DynamicModule {
    return {
      module: ManagerModule,
      imports: [
        SettingsModule.forRoot(ManagerSettings, settings),
        AuthModule.forRoot(apiToken),
        ApiKitModule.forRoot({ guard: PrincipalGuard }),
        ScheduleModule.forRoot(),
        NodesModule,
        WebSocketUpgradesModule,
        JoinTokensModule,
        DiscoveryModule,
        InstancesModule,
        ImagesModule,
        TerminalModule,
        OperationsModule,
        EventStreamModule,
        SessionsModule,
        TokensModule,
        UsersModule,
        QuotasModule,
        EnrolmentModule,
        PollingModule,
        RetentionModule,
        MqttModule,
        HealthModule,
        ConsoleModule.forRoot(),
      ],
    };
  }
}
