/** Where one container's CPU and memory counters are, for the cgroup layout the board has. */
export interface ContainerCgroup {
  /** Cumulative CPU time file, and how to read it as nanoseconds. */
  cpuFile: string;
  cpuFormat: 'cpu.stat' | 'nanoseconds';
  memoryFile: string;
}

/**
 * From the container init's /proc/<pid>/cgroup: cgroup v2 (one "0::" line,
 * when /sys/fs/cgroup is the unified hierarchy) or v1 (the cpuacct and memory
 * controllers' lines). The path is cut at LXC's payload folder, so a process
 * in a sub-cgroup (a container running systemd) still counts the whole container.
 */
export function locateCgroup(procCgroup: string, unified: boolean): ContainerCgroup | null {
  const lines = procCgroup.split('\n').map((line) => line.split(':')).filter((parts) => parts.length >= 3);
  const pathOf = (parts: string[]) => payloadPath(parts.slice(2).join(':'));
  if (unified) {
    const line = lines.find((parts) => parts[0] === '0' && parts[1] === '');
    if (!line) return null;
    const folder = `/sys/fs/cgroup${pathOf(line)}`;
    return { cpuFile: `${folder}/cpu.stat`, cpuFormat: 'cpu.stat', memoryFile: `${folder}/memory.current` };
  }
  const cpu = lines.find((parts) => parts[1]!.split(',').includes('cpuacct'));
  const memory = lines.find((parts) => parts[1]!.split(',').includes('memory'));
  if (!cpu || !memory) return null;
  return {
    cpuFile: `/sys/fs/cgroup/${cpu[1]}${pathOf(cpu)}/cpuacct.usage`,
    cpuFormat: 'nanoseconds',
    memoryFile: `/sys/fs/cgroup/${memory[1]}${pathOf(memory)}/memory.usage_in_bytes`,
  };
}

function payloadPath(path: string): string {
  const segments = path.split('/');
  const payload = segments.findIndex((segment) => segment.startsWith('lxc.payload.'));
  const kept = payload === -1 ? segments : segments.slice(0, payload + 1);
  const joined = kept.join('/');
  return joined === '/' ? '' : joined.replace(/\/$/, '');
}

/** CPU time in nanoseconds from the file's text, or null when it is not what it should be. */
export function parseCpuNanoseconds(text: string, format: ContainerCgroup['cpuFormat']): number | null {
  if (format === 'nanoseconds') {
    const value = Number(text.trim());
    return Number.isFinite(value) && value >= 0 ? value : null;
  }
  const match = /^usage_usec (\d+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : null;
}

export function parseBytes(text: string): number | null {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 0 ? value : null;
}
