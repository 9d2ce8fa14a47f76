import { NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import type { ClusterInstance, EventLogEntry, InstanceDetails, LedStatus, ManagerNode, ManagerUser, NodeUsage, Operation, PersonalToken, Quota } from '../manager-api.types.js';

/** Answers of the shapes openapi/manager.json documents, for tests; pass what a test cares about. */
export function aUsage(overrides: Partial<NodeUsage> = {}): NodeUsage {
  return {
    hostname: 'pi-1',
    sampledAt: '2026-01-05T10:00:00.000Z',
    cpuPercent: 12.5,
    memoryPercent: 41.3,
    memoryUsedBytes: 412_000_000,
    memoryTotalBytes: 998_000_000,
    networkRxBytesPerSecond: 2048,
    networkTxBytesPerSecond: 1024,
    iops: 3.5,
    runningInstances: 1,
    totalInstances: 2,
    temperatureCelsius: 48.2,
    ...overrides,
  };
}

export function aNode(overrides: Partial<ManagerNode> = {}): ManagerNode {
  return {
    id: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
    name: 'pi-1',
    url: 'http://10.0.0.21:7001',
    computeId: '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4',
    version: '0.1.0',
    architecture: 'arm64',
    templates: ['busybox'],
    state: 'ACTIVE',
    registeredAt: '2026-01-05T09:00:00.000Z',
    lastSeenAt: '2026-01-05T10:00:00.000Z',
    lastError: null,
    consecutiveFailures: 0,
    pollLatencyMs: 12,
    usage: aUsage(),
    usageStale: false,
    instanceCount: 2,
    runningInstanceCount: 1,
    instancesError: null,
    actions: { running: 0, queued: 0, oldestQueuedMs: null },
    reservedInstances: 0,
    ...overrides,
  };
}

export function anInstance(overrides: Partial<ClusterInstance> = {}): ClusterInstance {
  return {
    id: 'web1',
    name: 'web1',
    state: 'RUNNING',
    ipv4: ['10.0.3.12'], limits: NO_INSTANCE_LIMITS, autostart: false,
    owner: 'admin',
    nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
    nodeName: 'pi-1',
    nodeState: 'ACTIVE',
    cpuPercent: 2.5,
    memoryBytes: 1843200,
    ...overrides,
  };
}

export function aLedStatus(overrides: Partial<LedStatus> = {}): LedStatus {
  return {
    rows: [1, 3, 7, 0, 0, 1, 4, 15],
    legend: [
      { row: 0, label: 'Containers', meaning: 'One LED per running container' },
      { row: 1, label: 'CPU', meaning: '12.5 % per LED' },
    ],
    brightness: 8,
    blink: 'off',
    identifying: false,
    mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
    device: { enabled: false, bus: 1, address: '0x70', connected: false, lastError: null, lastErrorAt: null },
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...overrides,
  };
}

export function aLogEntry(overrides: Partial<EventLogEntry> = {}): EventLogEntry {
  return {
    id: 1,
    at: '2026-01-05T10:00:00.000Z',
    action: 'instance-created',
    result: 'success',
    nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
    nodeName: 'pi-1',
    instance: 'web1',
    message: 'Created "web1" (STOPPED) on "pi-1"',
    actor: 'admin token',
    owner: 'admin',
    ...overrides,
  };
}

export function anInstanceDetails(overrides: Partial<InstanceDetails> = {}): InstanceDetails {
  const { nodeState: _nodeState, ...instance } = anInstance();
  return { ...instance, pid: 42, cpuTimeNs: 1, memoryBytes: 2, blkioBytes: 3, networkRxBytes: 4, networkTxBytes: 5, ...overrides };
}

export function anOperation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: '5d3c8a4e-2b1f-4c6d-8e9a-0f1b2c3d4e5f',
    action: 'create',
    nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
    nodeName: 'pi-1',
    instance: 'web1',
    owner: 'admin',
    actor: 'admin token',
    status: 'running',
    createdAt: '2026-01-05T10:00:00.000Z',
    finishedAt: null,
    result: null,
    placement: null,
    error: null,
    note: null,
    image: null,
    progress: null,
    results: null,
    ...overrides,
  };
}

export function aQuota(overrides: Partial<Quota> = {}): Quota {
  return {
    instances: 5,
    running: 3,
    memoryMiB: null,
    overrides: { instances: null, running: null, memoryMiB: null },
    exempt: false,
    memoryEnforced: true,
    memoryNote: "Counts the memory limits (limits.memoryMiB) of the user's instances; under a memory quota every create must set one",
    ...overrides,
  };
}

export function aUser(overrides: Partial<ManagerUser> = {}): ManagerUser {
  return {
    id: '5f0c2a5e-1b7d-4c1e-9a55-3d2b8f1e0a01',
    username: 'alice',
    role: 'member',
    builtIn: false,
    disabled: false,
    mustChangePassword: false,
    hasPassword: true,
    quota: aQuota(),
    usage: { instances: 2, running: 1, memoryMiB: 0 },
    createdAt: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}

export function aPersonalToken(overrides: Partial<PersonalToken> = {}): PersonalToken {
  return {
    id: '7a1e3c90-2f4b-4d8e-8c61-0b9d5e2f7a02',
    name: 'cli on lab-pc-3',
    createdAt: '2026-01-05T09:30:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}
