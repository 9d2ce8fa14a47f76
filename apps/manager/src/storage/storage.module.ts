import { Module } from '@nestjs/common';
import { EventLogRepository } from '../events/event-log.repository.js';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import { NodeRepository } from '../nodes/node.repository.js';
import { DatabaseHealth } from './database-health.js';
import { managerDatabaseProvider } from './manager-database.js';
import { SqliteEventLogRepository } from './sqlite-event-log.repository.js';
import { SqliteNodeRepository } from './sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from './sqlite-usage-history.repository.js';

/** The repositories over the manager's SQLite database; services see only the ports. */
@Module({
  providers: [
    managerDatabaseProvider,
    DatabaseHealth,
    { provide: NodeRepository, useClass: SqliteNodeRepository },
    { provide: UsageHistoryRepository, useClass: SqliteUsageHistoryRepository },
    { provide: EventLogRepository, useClass: SqliteEventLogRepository },
  ],
  exports: [NodeRepository, UsageHistoryRepository, EventLogRepository, DatabaseHealth],
})
export class StorageModule {}
