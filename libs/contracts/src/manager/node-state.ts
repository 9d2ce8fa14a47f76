/**
 * PENDING: registered but not polled since the manager started; ACTIVE: the
 * last poll succeeded; UNREACHABLE: NODE_UNREACHABLE_AFTER polls in a row failed.
 */
export enum NodeState {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  UNREACHABLE = 'UNREACHABLE',
}
