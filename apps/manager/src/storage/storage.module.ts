import { Module } from '@nestjs/common';
import { EventLogRepository } from '../events/event-log.repository.js';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import { ImageRepository } from '../images/image.repository.js';
import { JoinTokenRepository } from '../join-tokens/join-token.repository.js';
import { MqttStoreRepository } from '../mqtt/mqtt-store.repository.js';
import { NodeRepository } from '../nodes/node.repository.js';
import { OwnershipRepository } from '../ownership/ownership.repository.js';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { TokenRepository } from '../tokens/token.repository.js';
import { UserRepository } from '../users/user.repository.js';
import { DatabaseHealth } from './database-health.js';
import { managerDatabaseProvider } from './manager-database.js';
import { SqliteEventLogRepository } from './sqlite-event-log.repository.js';
import { SqliteImageRepository } from './sqlite-image.repository.js';
import { SqliteJoinTokenRepository } from './sqlite-join-token.repository.js';
import { SqliteMqttRepository } from './sqlite-mqtt.repository.js';
import { SqliteNodeRepository } from './sqlite-node.repository.js';
import { SqliteOwnershipRepository } from './sqlite-ownership.repository.js';
import { SqlitePreferenceRepository } from './sqlite-preference.repository.js';
import { SqliteSessionRepository } from './sqlite-session.repository.js';
import { SqliteTokenRepository } from './sqlite-token.repository.js';
import { SqliteUsageHistoryRepository } from './sqlite-usage-history.repository.js';
import { SqliteUserRepository } from './sqlite-user.repository.js';

/** The repositories over the manager's SQLite database; services see only the ports. */
@Module({
  providers: [
    managerDatabaseProvider,
    DatabaseHealth,
    { provide: NodeRepository, useClass: SqliteNodeRepository },
    { provide: UsageHistoryRepository, useClass: SqliteUsageHistoryRepository },
    { provide: EventLogRepository, useClass: SqliteEventLogRepository },
    { provide: UserRepository, useClass: SqliteUserRepository },
    { provide: SessionRepository, useClass: SqliteSessionRepository },
    { provide: TokenRepository, useClass: SqliteTokenRepository },
    { provide: OwnershipRepository, useClass: SqliteOwnershipRepository },
    { provide: PreferenceRepository, useClass: SqlitePreferenceRepository },
    { provide: JoinTokenRepository, useClass: SqliteJoinTokenRepository },
    { provide: MqttStoreRepository, useClass: SqliteMqttRepository },
    { provide: ImageRepository, useClass: SqliteImageRepository },
  ],
  exports: [
    NodeRepository,
    UsageHistoryRepository,
    EventLogRepository,
    UserRepository,
    SessionRepository,
    TokenRepository,
    OwnershipRepository,
    PreferenceRepository,
    JoinTokenRepository,
    MqttStoreRepository,
    ImageRepository,
    DatabaseHealth,
  ],
})
export class StorageModule {}
