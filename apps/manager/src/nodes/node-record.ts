/** A registered node as stored. The token stays inside the manager: never answered, never logged. */
export interface NodeRecord {
  id: string;
  name: string;
  url: string;
  token: string;
  registeredAt: Date;
  /** The compute node's own id (its /health nodeId); null until the manager has read it. */
  computeId: string | null;
}
