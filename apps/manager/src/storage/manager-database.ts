import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ManagerSettings } from '../config/manager.settings.js';
import { openSqliteDatabase } from './sqlite-database.js';

export const DATABASE_FILE_NAME = 'manager.sqlite';

/** The manager's one SQLite connection; closed last, once the server and the timers have stopped. */
export class ManagerDatabase implements OnApplicationShutdown {
  constructor(readonly connection: Database) {}

  onApplicationShutdown(): void {
    if (this.connection.open) this.connection.close();
  }
}

/** Opens (and migrates) DATA_DIR/manager.sqlite when the app starts. */
export const managerDatabaseProvider: Provider = {
  provide: ManagerDatabase,
  inject: [ManagerSettings],
  useFactory: (settings: ManagerSettings) =>
    new ManagerDatabase(openSqliteDatabase(join(settings.DATA_DIR, DATABASE_FILE_NAME))),
};
