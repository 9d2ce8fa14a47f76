import {
  InstanceState,
  type ExecResultDto,
  type InstanceDetailsDto,
  type InstanceDto,
  type LedStatusDto,
  type PortForwardDto,
  type UsageDto,
} from '@tinystack/contracts';
import type {
  ComputeExecResult,
  ComputeInstance,
  ComputeInstanceDetails,
  ComputeInstanceWithFigures,
  ComputeLedStatus,
  ComputePortForward,
  ComputeUsage,
} from '@tinystack/compute-client';

const INSTANCE_STATES = new Set<string>(Object.values(InstanceState));

/**
 * Copies a node's answer field by field into the manager's DTOs, so that the
 * manager answers exactly its own documented shape even when a node is newer.
 */
export function toUsageDto(usage: ComputeUsage): UsageDto {
  return {
    hostname: usage.hostname,
    sampledAt: usage.sampledAt,
    cpuPercent: usage.cpuPercent,
    memoryPercent: usage.memoryPercent,
    memoryUsedBytes: usage.memoryUsedBytes,
    memoryTotalBytes: usage.memoryTotalBytes,
    networkRxBytesPerSecond: usage.networkRxBytesPerSecond,
    networkTxBytesPerSecond: usage.networkTxBytesPerSecond,
    iops: usage.iops,
    runningInstances: usage.runningInstances,
    totalInstances: usage.totalInstances,
    temperatureCelsius: usage.temperatureCelsius,
  };
}

export function toInstanceDto(instance: ComputeInstance): InstanceDto {
  return {
    id: instance.id,
    name: instance.name,
    state: toInstanceState(instance.state),
    ipv4: [...instance.ipv4],
    limits: { ...instance.limits },
    autostart: instance.autostart,
  };
}

export function toInstanceDetailsDto(instance: ComputeInstanceDetails): InstanceDetailsDto {
  return {
    ...toInstanceDto(instance),
    pid: instance.pid,
    cpuTimeNs: instance.cpuTimeNs,
    memoryBytes: instance.memoryBytes,
    blkioBytes: instance.blkioBytes,
    networkRxBytes: instance.networkRxBytes,
    networkTxBytes: instance.networkTxBytes,
  };
}

/** The figures of one instance of a node's list: null when not running, or when the node is older than them. */
export interface InstanceFigures {
  cpuPercent: number | null;
  memoryBytes: number | null;
}

export function toInstanceFigures(instance: ComputeInstanceWithFigures): InstanceFigures {
  return { cpuPercent: instance.cpuPercent ?? null, memoryBytes: instance.memoryBytes ?? null };
}

export function toExecResultDto(result: ComputeExecResult): ExecResultDto {
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    truncated: result.truncated,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
  };
}

export function toPortForwardDto(forward: ComputePortForward): PortForwardDto {
  return { hostPort: forward.hostPort, containerPort: forward.containerPort, protocol: forward.protocol };
}

export function toLedStatusDto(led: ComputeLedStatus): LedStatusDto {
  return {
    rows: [...led.rows],
    legend: led.legend.map(({ row, label, meaning }) => ({ row, label, meaning })),
    brightness: led.brightness,
    blink: led.blink,
    identifying: led.identifying,
    mounting: { layout: led.mounting.layout, rotation: led.mounting.rotation, mirror: led.mounting.mirror },
    device: {
      enabled: led.device.enabled,
      bus: led.device.bus,
      address: led.device.address,
      connected: led.device.connected,
      lastError: led.device.lastError,
      lastErrorAt: led.device.lastErrorAt,
    },
    updatedAt: led.updatedAt,
  };
}

function toInstanceState(state: string): InstanceState {
  if (!INSTANCE_STATES.has(state)) throw new Error(`the node reported an unknown instance state "${state}"`);
  return state as InstanceState;
}
