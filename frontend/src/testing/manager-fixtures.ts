import type { ClusterInstance, InstanceDetails, LedStatus, ManagerEvent, ManagerNode, Operation, User } from '../app/api/manager-api.types';

export const NODE_ID = '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11';
export const OTHER_NODE_ID = '7a2b3c4d-1e2f-4a5b-8c6d-9e0f1a2b3c4d';

export function aNode(overrides: Partial<ManagerNode> = {}): ManagerNode {
  return {
    id: NODE_ID,
    name: 'pi-node-1',
    url: 'http://10.0.0.21:7001',
    computeId: null,
    version: null,
    architecture: null,
    templates: null,
    state: 'ACTIVE',
    registeredAt: '2025-01-01T09:00:00.000Z',
    lastSeenAt: '2025-01-01T10:00:00.000Z',
    lastError: null,
    consecutiveFailures: 0,
    pollLatencyMs: 14.2,
    usage: {
      hostname: 'pi-node-1',
      sampledAt: '2025-01-01T10:00:00.000Z',
      cpuPercent: 12.5,
      memoryPercent: 41.3,
      memoryUsedBytes: 412_000_000,
      memoryTotalBytes: 998_000_000,
      networkRxBytesPerSecond: 2048,
      networkTxBytesPerSecond: 1024,
      iops: 3.5,
      runningInstances: 2,
      totalInstances: 3,
      temperatureCelsius: 48.2,
    },
    usageStale: false,
    instanceCount: 3,
    runningInstanceCount: 2,
    instancesError: null,
    actions: { running: 0, queued: 0, oldestQueuedMs: null },
    reservedInstances: 0,
    ...overrides,
  };
}

/** An instance without limits, as the node answers it (the manager's NO_INSTANCE_LIMITS). */
const NO_LIMITS: ClusterInstance['limits'] = {
  memoryMiB: null,
  cpus: null,
  cpuPercent: null,
  processes: null,
  enforced: true,
  reason: null,
  appliesAtNextStart: false,
};

export function anInstance(overrides: Partial<ClusterInstance> = {}): ClusterInstance {
  return {
    id: 'web1',
    name: 'web1',
    state: 'STOPPED',
    ipv4: [],
    limits: { ...NO_LIMITS },
    autostart: false,
    owner: 'admin',
    nodeId: NODE_ID,
    nodeName: 'pi-node-1',
    nodeState: 'ACTIVE',
    cpuPercent: null,
    memoryBytes: null,
    ...overrides,
  };
}

export function detailsOf(instance: ClusterInstance, overrides: Partial<InstanceDetails> = {}): InstanceDetails {
  const { id, name, state, ipv4, limits, autostart, nodeId, nodeName, owner } = instance;
  return {
    id,
    name,
    state,
    ipv4,
    limits,
    autostart,
    nodeId,
    nodeName,
    owner,
    pid: null,
    cpuTimeNs: null,
    memoryBytes: null,
    blkioBytes: null,
    networkRxBytes: null,
    networkTxBytes: null,
    ...overrides,
  };
}

export function aLedStatus(rows: number[], overrides: Partial<LedStatus> = {}): LedStatus {
  return {
    rows,
    legend: [
      { row: 0, label: 'Containers', meaning: 'One LED per running container' },
      { row: 1, label: 'CPU', meaning: 'CPU use: one LED per 12.5 %' },
    ],
    brightness: 8,
    blink: 'off',
    identifying: false,
    mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
    device: { enabled: false, bus: 1, address: '0x70', connected: false, lastError: null, lastErrorAt: null },
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: '5b0c1d2e-3f40-4a51-8b62-7c8d9e0f1a2b',
    username: 'alice',
    role: 'member',
    builtIn: false,
    disabled: false,
    mustChangePassword: false,
    hasPassword: true,
    quota: {
      instances: 5,
      running: 3,
      memoryMiB: null,
      overrides: { instances: null, running: null, memoryMiB: null },
      exempt: false,
      memoryEnforced: false,
      memoryNote: 'Not enforced: instances have no memory limits yet',
    },
    usage: { instances: 1, running: 0, memoryMiB: 0 },
    createdAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function anAdmin(overrides: Partial<User> = {}): User {
  const admin = aUser({ id: '00000000-0000-4000-8000-000000000001', username: 'admin', role: 'admin', builtIn: true, ...overrides });
  return { ...admin, quota: { ...admin.quota, instances: null, running: null, exempt: true } };
}

let operationCount = 0;

/** A running operation on web1 of pi-node-1; each call gets a new id unless one is given. */
export function anOperation(overrides: Partial<Operation> = {}): Operation {
  operationCount += 1;
  return {
    id: `5d3c8a4e-2b1f-4c6d-8e9a-${String(operationCount).padStart(12, '0')}`,
    action: 'stop',
    nodeId: NODE_ID,
    nodeName: 'pi-node-1',
    instance: 'web1',
    image: null,
    owner: 'admin',
    actor: 'admin',
    status: 'running',
    createdAt: '2025-01-01T10:00:00.000Z',
    finishedAt: null,
    result: null,
    placement: null,
    error: null,
    note: null,
    progress: null,
    results: null,
    ...overrides,
  };
}

/** The operation as it ends: succeeded with `result`, or failed with `error`. */
export function endOf(operation: Operation, end: Pick<Operation, 'result'> | Pick<Operation, 'error'>): Operation {
  const failed = 'error' in end;
  return { ...operation, ...end, status: failed ? 'failed' : 'succeeded', finishedAt: '2025-01-01T10:00:02.000Z' };
}

/** The live stream's message for an operation that was accepted or ended. */
export function operationEvent(operation: Operation): ManagerEvent {
  return { type: 'operation', at: '2025-01-01T10:00:02.000Z', operation };
}
