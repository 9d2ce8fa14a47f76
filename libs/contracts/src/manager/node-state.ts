/**
 * PENDING: registered but not polled since the manager started; ACTIVE: the
 * last poll succeeded; UNREACHABLE: NODE_UNREACHABLE_AFTER polls in a row
 * failed; FAULTY: the node answers, but an answer broke the compute contract
 * (lastError says which field and why). UNREACHABLE and FAULTY nodes get no
 * new instances and their last good usage is kept, marked stale.
 */
export enum NodeState {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  UNREACHABLE = 'UNREACHABLE',
  FAULTY = 'FAULTY',
}
