import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3...: stored in SQLite's user_version once applied. */
  version: number;
  description: string;
  sql: string;
}

/** Append only: a released migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'nodes, usage history, event log',
    sql: `
      CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL UNIQUE,
        token TEXT NOT NULL,
        registered_at INTEGER NOT NULL
      );
      CREATE TABLE usage_history (
        node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        cpu_percent REAL NOT NULL,
        memory_percent REAL NOT NULL,
        memory_used_bytes INTEGER NOT NULL,
        memory_total_bytes INTEGER NOT NULL,
        network_rx_bytes_per_second REAL NOT NULL,
        network_tx_bytes_per_second REAL NOT NULL,
        iops REAL NOT NULL,
        running_instances INTEGER NOT NULL,
        total_instances INTEGER NOT NULL,
        temperature_celsius REAL,
        poll_latency_ms REAL,
        PRIMARY KEY (node_id, at)
      ) WITHOUT ROWID;
      CREATE INDEX usage_history_at ON usage_history(at);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        result TEXT NOT NULL,
        node_id TEXT,
        node_name TEXT,
        instance TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX events_node ON events(node_id, id);
    `,
  },
  {
    version: 2,
    description: "nodes: the compute node's own id, unique",
    sql: `
      ALTER TABLE nodes ADD COLUMN compute_id TEXT;
      CREATE UNIQUE INDEX nodes_compute_id ON nodes(compute_id) WHERE compute_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    description: 'users, sessions, personal tokens, instance owners, preferences; the actor and owner of each event',
    // Secrets are never stored: passwords as scrypt hashes, tokens and session ids as SHA-256.
    // An instance without an owner row belongs to the built-in admin (every instance that exists now).
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        password_hash TEXT,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        built_in INTEGER NOT NULL DEFAULT 0,
        quota_instances INTEGER,
        quota_running INTEGER,
        quota_memory_mib INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX users_built_in ON users(built_in) WHERE built_in = 1;
      CREATE TABLE sessions (
        id_hash BLOB PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash BLOB NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        last_used_at INTEGER
      );
      CREATE TABLE instance_owners (
        node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        instance TEXT NOT NULL,
        owner_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (node_id, instance)
      ) WITHOUT ROWID;
      CREATE INDEX instance_owners_owner ON instance_owners(owner_id);
      CREATE TABLE preferences (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      ALTER TABLE events ADD COLUMN actor TEXT NOT NULL DEFAULT 'the manager';
      ALTER TABLE events ADD COLUMN owner_id TEXT;
      ALTER TABLE events ADD COLUMN owner_name TEXT;
      CREATE INDEX events_owner ON events(owner_id, id);
      -- Until now everyone acted with MANAGER_TOKEN, and every instance was the admin's.
      UPDATE events SET actor = CASE action WHEN 'node-state-changed' THEN 'a node' ELSE 'admin token' END;
      UPDATE events SET owner_name = 'admin' WHERE instance IS NOT NULL;
    `,
  },
  {
    version: 4,
    description: 'join tokens, by which boards join by themselves',
    // Only the SHA-256 of a token is stored; uses and last_used_at are written in batches.
    sql: `
      CREATE TABLE join_tokens (
        id TEXT PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        note TEXT,
        single_use INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        uses INTEGER NOT NULL DEFAULT 0,
        last_used_at INTEGER
      );
    `,
  },
  {
    version: 5,
    description: 'api_tokens: device tokens (kind); the MQTT broker\'s retained messages and persistent sessions',
    sql: `
      -- Device tokens (MQTT only) live beside the personal tokens.
      ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'personal' CHECK (kind IN ('personal', 'device'));
      -- The MQTT broker's retained messages and the sessions of its clean: false clients, across restarts.
      CREATE TABLE mqtt_retained (
        topic TEXT PRIMARY KEY,
        payload BLOB NOT NULL,
        qos INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE mqtt_subscriptions (
        client_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        qos INTEGER NOT NULL,
        PRIMARY KEY (client_id, topic)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: "the MQTT broker's queued QoS 1 messages for the offline clients of persistent sessions",
    sql: `
      -- Each session's queue in delivery order (position); broker_id and broker_counter tell one message from another.
      CREATE TABLE mqtt_queued (
        client_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        topic TEXT NOT NULL,
        payload BLOB NOT NULL,
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        broker_id TEXT NOT NULL,
        broker_counter INTEGER NOT NULL,
        PRIMARY KEY (client_id, position)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    description: 'the image library: root filesystem tarballs under DATA_DIR/images, by sha256',
    sql: `
      CREATE TABLE images (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        architecture TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX images_sha256 ON images(sha256);
    `,
  },
];

export interface MigrationOutcome {
  from: number;
  to: number;
}

/**
 * Brings the schema to the newest version, each migration in its own
 * transaction together with its user_version, so a failure leaves the
 * database at the last version that fully applied.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration list out of order: entry ${index + 1} has version ${migration.version}`);
    }
  });
  const from = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.length;
  if (from > newest) {
    throw new Error(
      `The database is at schema version ${from} but this manager knows only up to ${newest}: ` +
        'it was written by a newer manager; run that version or restore a backup',
    );
  }
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: newest };
}
