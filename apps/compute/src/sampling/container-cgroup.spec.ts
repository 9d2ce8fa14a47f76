import { locateCgroup, parseBytes, parseCpuNanoseconds } from './container-cgroup.js';

describe('locateCgroup', () => {
  it('reads cgroup v1 (a Pi with the hybrid layout), cut at the payload folder', () => {
    const text = '9:name=systemd:/lxc.payload.web1/init.scope\n4:memory:/lxc.payload.web1\n2:cpu,cpuacct:/lxc.payload.web1\n0::/lxc.payload.web1\n';
    expect(locateCgroup(text, false)).toEqual({
      cpuFile: '/sys/fs/cgroup/cpu,cpuacct/lxc.payload.web1/cpuacct.usage',
      cpuFormat: 'nanoseconds',
      memoryFile: '/sys/fs/cgroup/memory/lxc.payload.web1/memory.usage_in_bytes',
    });
  });

  it('reads cgroup v2, nested under a service, counting the whole container when init sits in a sub-cgroup', () => {
    const text = '0::/system.slice/tinystack-compute.service/lxc.payload.web1/init.scope\n';
    expect(locateCgroup(text, true)).toEqual({
      cpuFile: '/sys/fs/cgroup/system.slice/tinystack-compute.service/lxc.payload.web1/cpu.stat',
      cpuFormat: 'cpu.stat',
      memoryFile: '/sys/fs/cgroup/system.slice/tinystack-compute.service/lxc.payload.web1/memory.current',
    });
  });

  it('finds nothing without the controllers it needs', () => {
    expect(locateCgroup('1:name=systemd:/x\n', false)).toBeNull();
    expect(locateCgroup('4:memory:/x\n', true)).toBeNull();
  });
});

describe('cgroup counters', () => {
  it('parse cpu.stat in microseconds, cpuacct.usage in nanoseconds, and bytes', () => {
    expect(parseCpuNanoseconds('usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n', 'cpu.stat')).toBe(1_500_000);
    expect(parseCpuNanoseconds('123456789\n', 'nanoseconds')).toBe(123456789);
    expect(parseCpuNanoseconds('garbage', 'nanoseconds')).toBeNull();
    expect(parseCpuNanoseconds('user_usec 1\n', 'cpu.stat')).toBeNull();
    expect(parseBytes('1843200\n')).toBe(1843200);
    expect(parseBytes('max\n')).toBeNull();
  });
});
