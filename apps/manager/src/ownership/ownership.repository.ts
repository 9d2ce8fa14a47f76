/** Who owns an instance; an instance without a row belongs to the built-in admin. */
export interface OwnershipRecord {
  nodeId: string;
  instance: string;
  ownerId: string;
}

/** Where the owners of instances are kept. */
export abstract class OwnershipRepository {
  abstract list(): OwnershipRecord[];
  /** Sets (or replaces) the owner of one instance. */
  abstract set(record: OwnershipRecord): void;
  abstract remove(nodeId: string, instance: string): void;
  /** A rename: the row follows the instance to its new name (in one transaction). */
  abstract move(nodeId: string, from: string, to: string): void;
  /** Every instance of the user back to the built-in admin (no row). */
  abstract removeAllOf(ownerId: string): void;
}
