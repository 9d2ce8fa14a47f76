import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';
import { openSqliteDatabase } from './sqlite-database.js';

const tables = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);

describe('migrate', () => {
  it('creates the schema on an empty database and records its version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: MIGRATIONS.length });
    expect(tables(db)).toEqual(['api_tokens', 'events', 'images', 'instance_owners', 'join_tokens', 'mqtt_queued', 'mqtt_retained', 'mqtt_subscriptions', 'nodes', 'preferences', 'sessions', 'usage_history', 'users']);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('does nothing on a database that is up to date', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO nodes VALUES ('n1', 'pi', 'http://pi:7001', 'secret', 1, NULL)").run();
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    expect(db.prepare('SELECT COUNT(*) AS count FROM nodes').get()).toEqual({ count: 1 });
  });

  it("keeps the nodes of a version 1 database, their compute id unknown until their next contact", () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO nodes VALUES ('n1', 'pi', 'http://pi:7001', 'secret', 1)").run();
    expect(migrate(db)).toEqual({ from: 1, to: MIGRATIONS.length });
    expect(db.prepare('SELECT id, compute_id FROM nodes').all()).toEqual([{ id: 'n1', compute_id: null }]);
  });

  it('names the actor of the events logged before users existed, and the admin as the owner of their instances', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    const insert = db.prepare("INSERT INTO events (at, action, result, node_id, node_name, instance, message) VALUES (1, ?, 'success', 'n1', 'pi', ?, 'm')");
    insert.run('instance-created', 'web1');
    insert.run('node-state-changed', null);
    expect(migrate(db)).toEqual({ from: 2, to: MIGRATIONS.length });
    expect(db.prepare('SELECT action, actor, owner_id, owner_name FROM events ORDER BY id').all()).toEqual([
      { action: 'instance-created', actor: 'admin token', owner_id: null, owner_name: 'admin' },
      { action: 'node-state-changed', actor: 'a node', owner_id: null, owner_name: null },
    ]);
  });

  it('applies only the migrations a database lacks, in order', () => {
    const applied: string[] = [];
    const db = new Database(':memory:');
    db.function('note', (text: string) => {
      applied.push(text);
      return text;
    });
    const steps: Migration[] = [
      { version: 1, description: 'one', sql: "SELECT note('1')" },
      { version: 2, description: 'two', sql: "SELECT note('2')" },
      { version: 3, description: 'three', sql: "SELECT note('3')" },
    ];
    migrate(db, steps.slice(0, 1));
    expect(migrate(db, steps)).toEqual({ from: 1, to: 3 });
    expect(applied).toEqual(['1', '2', '3']);
  });

  it('leaves a failed migration wholly undone and the version at the last good one', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, description: 'good', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, description: 'bad', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    expect(() => migrate(db, steps)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuses a database written by a newer manager', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/written by a newer manager/);
  });

  it('refuses a migration list with a gap', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, description: 'gap', sql: '' }])).toThrow(/out of order/);
  });
});

describe('openSqliteDatabase', () => {
  it('creates the directory and the file, in WAL mode with foreign keys, and keeps data across opens', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-db-'));
    try {
      const file = join(directory, 'nested', 'manager.sqlite');
      const first = openSqliteDatabase(file);
      expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(first.pragma('foreign_keys', { simple: true })).toBe(1);
      first.prepare("INSERT INTO nodes VALUES ('n1', 'pi', 'http://pi:7001', 'secret', 1, NULL)").run();
      first.close();
      const second = openSqliteDatabase(file);
      expect(second.prepare('SELECT name FROM nodes').all()).toEqual([{ name: 'pi' }]);
      second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
