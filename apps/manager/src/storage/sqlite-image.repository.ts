import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { ImageArchitecture } from '@tinystack/contracts';
import type { ImageRecord } from '../images/image-record.js';
import { DuplicateImageNameError, ImageRepository } from '../images/image.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface ImageRow {
  name: string;
  description: string;
  architecture: string;
  size_bytes: number;
  sha256: string;
  created_at: number;
  source: string;
  created_by: string;
}

const COLUMNS = 'name, description, architecture, size_bytes, sha256, created_at, source, created_by';

@Injectable()
export class SqliteImageRepository extends ImageRepository {
  private readonly selectAll: Statement<[], ImageRow>;
  private readonly selectOne: Statement<[string], ImageRow>;
  private readonly insertOne: Statement<[ImageRow]>;
  private readonly updateOne: Statement<[{ old: string; name: string; description: string }]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly countSha: Statement<[string], { count: number }>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], ImageRow>(`SELECT ${COLUMNS} FROM images ORDER BY name`);
    this.selectOne = db.prepare<[string], ImageRow>(`SELECT ${COLUMNS} FROM images WHERE name = ?`);
    this.insertOne = db.prepare<[ImageRow]>(
      `INSERT INTO images (${COLUMNS}) VALUES (@name, @description, @architecture, @size_bytes, @sha256, @created_at, @source, @created_by)`,
    );
    this.updateOne = db.prepare('UPDATE images SET name = @name, description = @description WHERE name = @old');
    this.deleteOne = db.prepare('DELETE FROM images WHERE name = ?');
    this.countSha = db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM images WHERE sha256 = ?');
  }

  list(): ImageRecord[] {
    return this.selectAll.all().map(toRecord);
  }

  find(name: string): ImageRecord | undefined {
    const row = this.selectOne.get(name);
    return row ? toRecord(row) : undefined;
  }

  insert(image: ImageRecord): void {
    uniqueName(image.name, () =>
      this.insertOne.run({
        name: image.name,
        description: image.description,
        architecture: image.architecture,
        size_bytes: image.sizeBytes,
        sha256: image.sha256,
        created_at: image.createdAt.getTime(),
        source: image.source,
        created_by: image.createdBy,
      }),
    );
  }

  update(name: string, change: { name: string; description: string }): void {
    uniqueName(change.name, () => this.updateOne.run({ old: name, ...change }));
  }

  remove(name: string): void {
    this.deleteOne.run(name);
  }

  countBySha256(sha256: string): number {
    return this.countSha.get(sha256)?.count ?? 0;
  }
}

function uniqueName(name: string, write: () => unknown): void {
  try {
    write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateImageNameError(name);
    throw error;
  }
}

function toRecord(row: ImageRow): ImageRecord {
  return {
    name: row.name,
    description: row.description,
    architecture: row.architecture as ImageArchitecture,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: new Date(row.created_at),
    source: row.source,
    createdBy: row.created_by,
  };
}
