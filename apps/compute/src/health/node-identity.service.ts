import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ConfigurationError } from '@tinystack/api-kit';
import { ComputeSettings } from '../config/compute.settings.js';
import { writeFileDurably } from '../files/durable-file.js';

export const NODE_ID_FILE = 'node-id';

/**
 * The node's own id, the same for as long as its DATA_DIR lives: a manager
 * recognises the board by it whatever address it is registered under.
 */
@Injectable()
export class NodeIdentity implements OnModuleInit {
  private readonly logger = new Logger(NodeIdentity.name);
  private id?: string;

  constructor(@Inject(ComputeSettings) private readonly settings: ComputeSettings) {}

  onModuleInit(): void {
    const file = resolve(this.settings.DATA_DIR, NODE_ID_FILE);
    const { nodeId, created } = loadOrCreateNodeId(file);
    if (created) this.logger.log(`This node's id is ${nodeId}, kept in ${file}`);
    this.id = nodeId;
  }

  get nodeId(): string {
    if (this.id === undefined) throw new Error('NodeIdentity is read before the module was initialised');
    return this.id;
  }
}

/**
 * Reads the node id kept in `file`, or makes one and keeps it there (0644:
 * it is no secret). A file that holds anything but a UUID stops the start
 * with what to do: a silent new id would make the board a stranger to its manager.
 */
export function loadOrCreateNodeId(file: string): { nodeId: string; created: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigurationError(`Cannot read the node id in ${file}: ${(error as Error).message}`);
    }
    const nodeId = randomUUID();
    writeNodeId(file, nodeId);
    return { nodeId, created: true };
  }
  const stored = text.trim();
  if (!isUUID(stored, 'all')) {
    const shown = stored === '' ? 'nothing' : `"${stored.slice(0, 60)}${stored.length > 60 ? '…' : ''}"`;
    throw new ConfigurationError(
      `${file} must hold this node's id (a UUID) but holds ${shown}: put the id back from a backup ` +
        '(the manager knows it as the computeId of this node), or delete the file to give the node a new id ' +
        '(the manager then sees a new node: unregister the old one)',
    );
  }
  return { nodeId: stored.toLowerCase(), created: false };
}

/** Durably (a power cut leaves no file or the whole one), 0644: the id is no secret. */
function writeNodeId(file: string, nodeId: string): void {
  try {
    writeFileDurably(file, `${nodeId}\n`, 0o644);
  } catch (error) {
    throw new ConfigurationError(`Cannot keep the node id in ${file}: ${(error as Error).message}`);
  }
}
