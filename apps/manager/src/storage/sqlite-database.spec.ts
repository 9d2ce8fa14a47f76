import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, sqliteCompanionFiles } from './sqlite-database.js';

const mode = (path: string) => statSync(path).mode & 0o7777;

describe('openSqliteDatabase: file permissions (the database holds node tokens)', () => {
  let scratch: string;
  const open: Database.Database[] = [];

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tinystack-sqlite-modes-'));
  });

  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const opened = (file: string) => {
    const db = openSqliteDatabase(file);
    open.push(db);
    return db;
  };

  it('creates the directory 700 and the database, -wal and -shm 600', () => {
    const file = join(scratch, 'data', 'manager.sqlite');
    const db = opened(file);
    db.prepare("INSERT INTO nodes (id, name, url, token, registered_at) VALUES ('n1', 'pi', 'http://pi:7001', 'secret', 1)").run();
    expect(mode(join(scratch, 'data'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    for (const companion of sqliteCompanionFiles(file)) {
      expect(existsSync(companion), companion).toBe(true);
      expect(mode(companion), companion).toBe(0o600);
    }
  });

  it('makes an existing 755 directory and an existing 644 database owner-only, keeping the data', () => {
    const directory = join(scratch, 'data');
    mkdirSync(directory);
    chmodSync(directory, 0o755);
    const file = join(directory, 'manager.sqlite');
    const first = opened(file);
    first.prepare("INSERT INTO nodes (id, name, url, token, registered_at) VALUES ('n1', 'pi', 'http://pi:7001', 'secret', 1)").run();
    first.close();
    chmodSync(directory, 0o755);
    chmodSync(file, 0o644);

    const second = opened(file);
    expect(second.prepare('SELECT COUNT(*) AS count FROM nodes').get()).toEqual({ count: 1 });
    expect(mode(directory)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    for (const companion of sqliteCompanionFiles(file)) expect(mode(companion), companion).toBe(0o600);
  });

  it('makes -wal and -shm files left 644 by an earlier run owner-only', () => {
    const file = join(scratch, 'manager.sqlite');
    // A connection still open (as after a crash, the files stay) with the old, open modes.
    const earlier = new Database(file);
    open.push(earlier);
    earlier.pragma('journal_mode = WAL');
    earlier.exec('CREATE TABLE kept (value TEXT)');
    earlier.prepare("INSERT INTO kept VALUES ('in the wal')").run();
    for (const path of [file, ...sqliteCompanionFiles(file)]) chmodSync(path, 0o644);

    const db = opened(file);
    expect(db.prepare('SELECT value FROM kept').get()).toEqual({ value: 'in the wal' });
    for (const path of [file, ...sqliteCompanionFiles(file)]) expect(mode(path), path).toBe(0o600);
  });

  it('accepts an empty database file created by somebody else', () => {
    const file = join(scratch, 'manager.sqlite');
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(file, 0o644);
    opened(file);
    expect(mode(file)).toBe(0o600);
  });
});
