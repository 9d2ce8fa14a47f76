import { dirname } from 'node:path';
import { BETTER_SQLITE3, loadNativeAddon } from '@tinystack/native-addons';
import type Database from 'better-sqlite3';
import { keepPrivate, preparePrivateDirectory, preparePrivateFile } from '@tinystack/api-kit';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';

export const IN_MEMORY = ':memory:';

/**
 * Opens the manager's database and brings its schema up to date. WAL lets
 * reads go on during a write; synchronous=NORMAL syncs at checkpoints rather
 * than at every commit, which is safe in WAL mode and spares the SD card.
 *
 * The database holds the nodes' tokens: its directory is owner-only and its
 * files are too, whatever mode they had. SQLite gives the -wal and -shm files
 * it creates the mode of the database file; leftovers of an earlier run are
 * changed before it opens them.
 */
export function openSqliteDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  if (file !== IN_MEMORY) {
    preparePrivateDirectory(dirname(file));
    preparePrivateFile(file);
    for (const companion of sqliteCompanionFiles(file)) keepPrivate(companion);
  }
  // The addon is loaded at the first `new Database`: a wrong build is explained there.
  const db = loadNativeAddon(BETTER_SQLITE3, () => {
    const SqliteDatabase: typeof Database = require('better-sqlite3');
    return new SqliteDatabase(file);
  });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The files SQLite keeps beside a database in WAL mode. */
export function sqliteCompanionFiles(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`];
}
