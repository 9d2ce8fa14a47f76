import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '@tinystack/api-kit';
import { isJoinToken, JOIN_TOKEN_RULE, normaliseBaseUrl } from '@tinystack/contracts';
import { writeFileDurably } from '../files/durable-file.js';

export const JOIN_FILE = 'join.json';

/** Where a node's manager and join token come from. */
export type JoinSource = 'environment' | 'join-file';

/** The manager a node joins, and the join token it gives; the token never leaves this object but to the manager. */
export interface JoinConfiguration {
  managerUrl: string;
  joinToken: string;
  source: JoinSource;
}

/** What DATA_DIR/join.json holds (0600: the token is a secret). */
interface JoinFileContent {
  managerUrl: string;
  joinToken: string;
  /** Who wrote it: "tinystack-compute join", or "a join offer from 10.0.0.2". */
  savedBy: string;
  savedAt: string;
}

export function joinFilePath(dataDir: string): string {
  return join(dataDir, JOIN_FILE);
}

/** Keeps the manager and its join token for the next starts, durably and owner-only. */
export function writeJoinFile(dataDir: string, managerUrl: string, joinToken: string, savedBy: string): void {
  const content: JoinFileContent = { managerUrl, joinToken, savedBy, savedAt: new Date().toISOString() };
  writeFileDurably(joinFilePath(dataDir), `${JSON.stringify(content, null, 2)}\n`, PRIVATE_FILE_MODE);
}

/**
 * The configuration DATA_DIR/join.json holds: null when there is no such
 * file. A file that cannot be used throws an error that says what to do; the
 * node then runs unjoined (it is still useful, and a silent guess would be worse).
 */
export function readJoinFile(dataDir: string): JoinConfiguration | null {
  const file = joinFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} cannot be read: ${(error as Error).message}`);
  }
  const redo = 'run tinystack-compute join <manager-url> <join-token> again, or delete the file';
  let content: Partial<JoinFileContent>;
  try {
    content = JSON.parse(text) as Partial<JoinFileContent>;
  } catch {
    throw new Error(`${file} is not JSON: ${redo}`);
  }
  if (typeof content?.managerUrl !== 'string') throw new Error(`${file} names no managerUrl: ${redo}`);
  let managerUrl: string;
  try {
    managerUrl = normaliseBaseUrl(content.managerUrl, `the managerUrl of ${file}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${redo}`);
  }
  // The token's form only: never shown.
  if (!isJoinToken(content.joinToken)) throw new Error(`the joinToken of ${file} must be ${JOIN_TOKEN_RULE}: ${redo}`);
  return { managerUrl, joinToken: content.joinToken, source: 'join-file' };
}
