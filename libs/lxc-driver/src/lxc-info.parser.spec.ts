import { LxcCommandError } from './lxc-errors.js';
import { parseLxcInfo } from './lxc-info.parser.js';

describe('parseLxcInfo', () => {
  it('parses the raw numbers of a running container on a cgroup v1 host', () => {
    const stdout = [
      'Name:           web',
      'State:          RUNNING',
      'PID:            6743',
      'IP:             10.0.3.5',
      'IP:             fe80::216:3eff:fe12:3456',
      'IP:             10.0.3.6',
      'CPU use:        13609924',
      'BlkIO use:      8192',
      'Memory use:     847872',
      'KMem use:       393216',
      'Link:           vethbUAINd',
      ' TX bytes:      864',
      ' RX bytes:      806',
      ' Total bytes:   1670',
      '',
    ].join('\n');

    expect(parseLxcInfo(stdout)).toEqual({
      name: 'web',
      state: 'RUNNING',
      ipv4: ['10.0.3.5', '10.0.3.6'],
      pid: 6743,
      cpuTimeNs: 13609924,
      memoryBytes: 847872,
      blkioBytes: 8192,
      networkRxBytes: 806,
      networkTxBytes: 864,
    });
  });

  it('gives nulls for a stopped container, which has only Name and State', () => {
    expect(parseLxcInfo('Name:           db\nState:          STOPPED\n')).toEqual({
      name: 'db',
      state: 'STOPPED',
      ipv4: [],
      pid: null,
      cpuTimeNs: null,
      memoryBytes: null,
      blkioBytes: null,
      networkRxBytes: null,
      networkTxBytes: null,
    });
  });

  it('gives nulls for the CPU, BlkIO and memory lines a cgroup v2 host leaves out', () => {
    const stdout = [
      'Name:           web',
      'State:          RUNNING',
      'PID:            812',
      'Link:           veth1A2b3C',
      ' TX bytes:      1200',
      ' RX bytes:      3400',
      ' Total bytes:   4600',
    ].join('\n');

    expect(parseLxcInfo(stdout)).toMatchObject({
      pid: 812,
      cpuTimeNs: null,
      memoryBytes: null,
      blkioBytes: null,
      networkRxBytes: 3400,
      networkTxBytes: 1200,
    });
  });

  it('sums the bytes of several links', () => {
    const stdout = [
      'Name:           web',
      'State:          RUNNING',
      'PID:            812',
      'Link:           vethA',
      ' TX bytes:      100',
      ' RX bytes:      200',
      ' Total bytes:   300',
      'Link:           vethB',
      ' TX bytes:      1000',
      ' RX bytes:      2000',
      ' Total bytes:   3000',
    ].join('\n');

    expect(parseLxcInfo(stdout)).toMatchObject({ networkRxBytes: 2200, networkTxBytes: 1100 });
  });

  it('refuses human-readable figures (output without -H)', () => {
    const stdout = 'Name:           web\nState:          RUNNING\nPID:            1\nCPU use:        0.01 seconds\n';

    expect(() => parseLxcInfo(stdout)).toThrow(LxcCommandError);
  });

  it('refuses output without Name or State', () => {
    expect(() => parseLxcInfo('')).toThrow(/no Name or State/);
    expect(() => parseLxcInfo('Name:           web\n')).toThrow(/no Name or State/);
  });
});
