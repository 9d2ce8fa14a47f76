import type { ManagerNode } from '../api/manager-api.types';

/** Whether a new instance can go to the node now: it answers polls and its LXC works. */
export function canHostInstances(node: ManagerNode): boolean {
  return node.state === 'ACTIVE' && node.instancesError === null;
}

/** UNREACHABLE (polls fail) or FAULTY (its answers break the compute contract): shown alike, offered nothing. */
export function isOutOfService(node: ManagerNode): boolean {
  return node.state === 'UNREACHABLE' || node.state === 'FAULTY';
}
