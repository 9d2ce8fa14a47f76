import type { NodeRecord } from './node-record.js';

/** A node with this URL, name or compute id is already stored. */
export class DuplicateNodeError extends Error {
  constructor(
    readonly field: 'url' | 'name' | 'computeId',
    readonly value: string,
  ) {
    super(`a node with ${field} "${value}" is already registered`);
  }
}

/** Where registered nodes are kept. */
export abstract class NodeRepository {
  abstract list(): NodeRecord[];
  /** Throws DuplicateNodeError when the URL, the name or the compute id is taken. */
  abstract insert(node: NodeRecord): void;
  /** Records the compute id learnt at a node's first good contact. */
  abstract setComputeId(id: string, computeId: string): void;
  /** A node that joined again from another address or with a new token; DuplicateNodeError when the URL is taken. */
  abstract setConnection(id: string, url: string, token: string): void;
  /** False when there was no such node. Its usage history goes with it. */
  abstract remove(id: string): boolean;
}
