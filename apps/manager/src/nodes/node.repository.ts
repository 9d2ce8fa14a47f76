import type { NodeRecord } from './node-record.js';

/** A node with this URL or name is already stored. */
export class DuplicateNodeError extends Error {
  constructor(
    readonly field: 'url' | 'name',
    readonly value: string,
  ) {
    super(`a node with ${field} "${value}" is already registered`);
  }
}

/** Where registered nodes are kept. */
export abstract class NodeRepository {
  abstract list(): NodeRecord[];
  /** Throws DuplicateNodeError when the URL or the name is taken. */
  abstract insert(node: NodeRecord): void;
  /** False when there was no such node. Its usage history goes with it. */
  abstract remove(id: string): boolean;
}
