import { ManagerDatabase } from '../storage/manager-database.js';
import { IN_MEMORY, openSqliteDatabase } from '../storage/sqlite-database.js';

/** A migrated database in memory, as the app opens its file. */
export function memoryDatabase(): ManagerDatabase {
  return new ManagerDatabase(openSqliteDatabase(IN_MEMORY));
}
