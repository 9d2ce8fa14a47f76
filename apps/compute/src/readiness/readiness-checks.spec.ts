import { READINESS_CHECK_NAMES, READINESS_LED_COLUMNS, type LedDeviceDto } from '@tinystack/contracts';
import { ProcessTimeoutError, type LxcAvailability, type ProcessResult } from '@tinystack/lxc-driver';
import { ProcText } from '@tinystack/resource-sampler';
import { StrictFakeProcReader } from '../../../../libs/resource-sampler/src/testing/strict-fake.proc-reader.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { containerBridge, dhcpServerListens } from './checks/bridge.check.js';
import { pageSize } from './checks/page-size.check.js';
import { HostSystem } from '../host/host-system.js';
import type { CheckContext, CheckResult } from './readiness-check.js';
import { READINESS_CHECKS } from './readiness-checks.js';

class FakeHost extends HostSystem {
  free: number | Error = 10 * 1024 ** 3;
  missing = new Set<string>();
  addresses: Record<string, string[]> | Error = { lxcbr0: ['10.0.3.1'] };
  clock = new Date('2026-12-01T10:00:00Z');
  built = new Date('2026-11-30T10:00:00Z');
  /** What `nft list tables` answers; the failures are nft 1.0.6's own words. */
  nft: ProcessResult | Error = { exitCode: 0, stdout: 'table inet tinystack\ntable ip nat\n', stderr: '' };
  ran: string[][] = [];
  override freeBytes(): number {
    if (this.free instanceof Error) throw this.free;
    return this.free;
  }
  override findProgram(program: string): string | null {
    return this.missing.has(program) ? null : `/usr/bin/${program}`;
  }
  override async runProgram(path: string, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
    this.ran.push([path, ...args, `${timeoutMs} ms`]);
    if (this.nft instanceof Error) throw this.nft;
    return this.nft;
  }
  override async ipv4Addresses(name: string): Promise<string[]> {
    if (this.addresses instanceof Error) throw this.addresses;
    return this.addresses[name] ?? [];
  }
  override networkInterfaces(): never {
    throw new Error('the readiness checks do not list the interfaces');
  }
  override now(): Date {
    return this.clock;
  }
  override buildTime(): Date {
    return this.built;
  }
}

const LED_ON: LedDeviceDto = { enabled: true, bus: 1, address: '0x70', connected: true, lastError: null, lastErrorAt: null };
const UDP_WITH_DHCP = '  sl  local_address ...\n  984: 00000000:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0 0 6242 2 0 0\n';
const DEFAULT_CONF = 'lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.net.0.flags = up\n';

function auxvText(pageBytes: number): ProcText {
  const buffer = Buffer.alloc(48);
  buffer.writeBigUInt64LE(33n, 0);
  buffer.writeBigUInt64LE(1n, 8);
  buffer.writeBigUInt64LE(6n, 16);
  buffer.writeBigUInt64LE(BigInt(pageBytes), 24);
  const text = new ProcText(64);
  buffer.copy(text.bytes);
  text.length = 48;
  return text;
}

describe('Readiness checks', () => {
  let files: Record<string, string | null>;
  let host: FakeHost;
  let availability: LxcAvailability;
  let led: LedDeviceDto;
  const settings = Object.assign(new ComputeSettings(), { DISK_WARN_MB: 1024 });

  beforeEach(() => {
    files = {
      '/etc/lxc/default.conf': DEFAULT_CONF,
      '/sys/class/net/lxcbr0/bridge': '',
      '/sys/class/net/lxcbr0': '',
      '/sys/class/net/lxcbr0/flags': '0x1003\n',
      '/proc/net/udp': UDP_WITH_DHCP,
      '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
      '/proc/cgroups': null,
      '/proc/cmdline': 'root=/dev/mmcblk0p2 rootwait\n',
      '/proc/device-tree/model': null,
      '/run/systemd/timesync/synchronized': '',
      '/run/chrony/chronyd.pid': null,
    };
    host = new FakeHost();
    availability = { available: true, version: '5.0.2', reason: null };
    led = LED_ON;
  });

  async function check(name: (typeof READINESS_CHECK_NAMES)[number], auxv = auxvText(4096)): Promise<CheckResult> {
    const present = Object.fromEntries(Object.entries(files).filter(([, content]) => content !== null)) as Record<string, string>;
    const reader = new StrictFakeProcReader({ files: { ...files }, directories: {} });
    const context: CheckContext = {
      files: Object.assign(reader, {
        exists: (path: string) => Object.hasOwn(present, path),
        readInto: (_path: string, text: ProcText) => {
          auxv.bytes.copy(text.bytes, 0, 0, Math.max(0, auxv.length));
          text.length = auxv.length;
        },
      }),
      host,
      settings,
      lxc: { availability: async () => availability, lxcPath: async () => '/var/lib/lxc' },
      led: () => led,
    };
    const found = READINESS_CHECKS.find((candidate) => candidate.name === name)!;
    return found.run(context);
  }

  it('run in the order of READINESS_CHECK_NAMES, each with one LED of the top row (nftables shares the one of programs)', () => {
    expect(READINESS_CHECKS.map((candidate) => candidate.name)).toEqual([...READINESS_CHECK_NAMES]);
    expect(READINESS_LED_COLUMNS).toHaveLength(8);
    expect(READINESS_LED_COLUMNS.flat().sort()).toEqual([...READINESS_CHECK_NAMES].sort());
    expect(READINESS_LED_COLUMNS[2]).toEqual(['programs', 'nftables']);
  });

  it('pass on a prepared board', async () => {
    for (const name of READINESS_CHECK_NAMES) expect(await check(name)).toMatchObject({ ok: true, fix: null });
  });

  describe('lxc', () => {
    it.each([
      ['lxc-ls is not installed. Install LXC with: apt-get install lxc busybox-static', 'sudo apt-get install lxc busybox-static'],
      ['The lxcpath /var/lib/lxc does not exist: create it', 'sudo mkdir -p /var/lib/lxc, or set LXC_PATH to another folder'],
      ['The lxcpath /var/lib/lxc is not writable by this process (LXC needs root)', 'run the compute node as root'],
    ])('fails on "%s" with a fix', async (reason, fix) => {
      availability = { available: false, version: null, reason };
      expect(await check('lxc')).toMatchObject({ ok: false, detail: `LXC is not usable: ${reason}`, fix: expect.stringContaining(fix) });
    });
  });

  describe('bridge', () => {
    it('reads the bridge of the first veth network, of either syntax', () => {
      expect(containerBridge('lxc.net.0.type = empty\nlxc.net.1.type = veth\nlxc.net.1.link = br-lab\n')).toBe('br-lab');
      expect(containerBridge('lxc.network.type = veth\nlxc.network.link = lxcbr0\n')).toBe('lxcbr0');
      expect(containerBridge('lxc.net.0.type = empty\n')).toBeNull();
    });

    it('finds a DHCP server on any address or the bridge address, not elsewhere', () => {
      expect(dhcpServerListens(UDP_WITH_DHCP, ['10.0.3.1'])).toBe(true);
      const onBridge = UDP_WITH_DHCP.replace('00000000:0043', '0103000A:0043');
      expect(dhcpServerListens(onBridge, ['10.0.3.1'])).toBe(true);
      expect(dhcpServerListens(onBridge, ['10.0.4.1'])).toBe(false);
      expect(dhcpServerListens(UDP_WITH_DHCP.replace(':0043', ':0035'), ['10.0.3.1'])).toBe(false);
    });

    it.each([
      ['no default config', () => (files['/etc/lxc/default.conf'] = null), 'cannot be read: new containers get no network', 'sudo apt-get install lxc'],
      ['no veth network', () => (files['/etc/lxc/default.conf'] = 'lxc.net.0.type = empty\n'), 'links new containers to no bridge', 'lxc.net.0.link = lxcbr0'],
      ['no bridge', () => { files['/sys/class/net/lxcbr0/bridge'] = null; files['/sys/class/net/lxcbr0'] = null; }, 'lxcbr0, the containers\' bridge (/etc/lxc/default.conf), does not exist', 'sudo systemctl enable --now lxc-net'],
      ['a bridge that is down', () => (files['/sys/class/net/lxcbr0/flags'] = '0x1002\n'), 'lxcbr0, the containers\' bridge, is down', 'sudo ip link set lxcbr0 up'],
      ['no address', () => (host.addresses = {}), 'lxcbr0 is up but has no IPv4 address', 'sudo systemctl restart lxc-net'],
      ['no ip program', () => (host.addresses = new Error('ip is not installed')), 'the addresses of lxcbr0 cannot be read with ip: ip is not installed', 'sudo apt-get install iproute2'],
      ['no DHCP server', () => (files['/proc/net/udp'] = '  sl local_address\n'), 'no DHCP server listens on it (UDP port 67)', 'it runs dnsmasq on lxcbr0'],
    ])('fails with %s', async (_case, arrange, detail, fix) => {
      arrange();
      const result = await check('bridge');
      expect(result.ok).toBe(false);
      expect(result.detail).toContain(detail);
      expect(result.fix).toContain(fix);
    });
  });

  it('programs: names every missing program, why it is needed and the packages to install', async () => {
    host.missing = new Set(['rsync', 'busybox']);
    expect(await check('programs')).toEqual({
      ok: false,
      detail: "missing: rsync (lxc-copy copies root filesystems with it (lxc only recommends it)); busybox (the busybox template copies the host's static busybox)",
      fix: 'sudo apt-get install rsync busybox-static',
    });
  });

  describe('nftables', () => {
    it('passes when nft lists the tables, saying whether the port forwards\' table is loaded', async () => {
      expect(await check('nftables')).toEqual({
        ok: true,
        detail: "nft works (/usr/bin/nft list tables: 2 tables; the port forwards' table tinystack is loaded)",
        fix: null,
      });
      expect(host.ran).toEqual([['/usr/bin/nft', 'list', 'tables', '5000 ms']]);
      host.nft = { exitCode: 0, stdout: '', stderr: '' };
      expect((await check('nftables')).detail).toBe("nft works (/usr/bin/nft list tables: 0 tables; the port forwards' table tinystack is made with the first forward)");
    });

    it.each([
      ['not installed', () => host.missing.add('nft'), 'nft is not installed: ports cannot be forwarded', 'sudo apt-get install nftables'],
      [
        'run without root',
        () => (host.nft = { exitCode: 1, stdout: '', stderr: 'Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n' }),
        'nft may not read the firewall (Operation not permitted (you must be root); netlink: Error: cache initialization failed: Operation not permitted): ports cannot be forwarded',
        'run the compute node as root',
      ],
      [
        'a kernel without nf_tables',
        () => (host.nft = { exitCode: 1, stdout: '', stderr: 'netlink: Error: cache initialization failed: Protocol not supported\n' }),
        'the kernel has no nf_tables (netlink: Error: cache initialization failed: Protocol not supported)',
        'sudo modprobe nf_tables',
      ],
      ['a hung nft', () => (host.nft = new ProcessTimeoutError('/usr/bin/nft', 5000, '')), '/usr/bin/nft list tables did not answer within 5 s', 'ps -C nft'],
      ['another failure', () => (host.nft = { exitCode: 2, stdout: '', stderr: '' }), '/usr/bin/nft list tables failed (exit 2 with no message)', 'see the detail'],
    ])('fails when %s, with a fix', async (_case, arrange, detail, fix) => {
      arrange();
      const result = await check('nftables');
      expect(result).toMatchObject({ ok: false, fix: expect.stringContaining(fix) });
      expect(result.detail).toContain(detail);
    });
  });

  describe('memory-cgroup', () => {
    it('fails on cgroup v2 without memory, naming cgroup_disable=memory when the command line has it', async () => {
      files['/sys/fs/cgroup/cgroup.controllers'] = 'cpuset cpu io pids\n';
      files['/proc/cmdline'] = 'quiet cgroup_disable=memory\n';
      const result = await check('memory-cgroup');
      expect(result.ok).toBe(false);
      expect(result.detail).toContain('cgroup v2: /sys/fs/cgroup/cgroup.controllers does not list memory; the kernel command line has cgroup_disable=memory');
      expect(result.fix).toContain('remove cgroup_disable=memory from the kernel command line');
    });

    it('says exactly what Raspberry Pi OS needs on a Pi', async () => {
      files['/sys/fs/cgroup/cgroup.controllers'] = 'cpuset cpu io pids\n';
      files['/proc/device-tree/model'] = 'Raspberry Pi 4 Model B Rev 1.4\0';
      const result = await check('memory-cgroup');
      expect(result.detail).toContain('on Raspberry Pi OS the memory controller is off unless cgroup_enable=memory is on the kernel command line');
      expect(result.fix).toBe('add cgroup_enable=memory to the end of the single line in /boot/firmware/cmdline.txt (/boot/cmdline.txt before Bookworm), then reboot');
    });

    it('reads cgroup v1 from /proc/cgroups, and fails when neither can be read', async () => {
      files['/sys/fs/cgroup/cgroup.controllers'] = null;
      files['/proc/cgroups'] = '#subsys_name hierarchy num_cgroups enabled\nmemory 4 90 1\n';
      expect(await check('memory-cgroup')).toMatchObject({ ok: true, detail: expect.stringContaining('cgroup v1: /proc/cgroups has memory enabled') });
      files['/proc/cgroups'] = null;
      expect(await check('memory-cgroup')).toMatchObject({
      ok: false,
      detail: 'neither /sys/fs/cgroup/cgroup.controllers nor /proc/cgroups can be read: memory limits cannot be checked',
    });
    });
  });

  describe('page-size', () => {
    it('reads AT_PAGESZ from the auxiliary vector, in 64-bit and 32-bit words', () => {
      expect(pageSize(auxvText(16384))).toBe(16384);
      const narrow = new ProcText(64);
      narrow.bytes.fill(0);
      narrow.bytes.writeUInt32LE(6, 0);
      narrow.bytes.writeUInt32LE(4096, 4);
      narrow.length = 16;
      expect(pageSize(narrow, 4)).toBe(4096);
      expect(pageSize(new ProcText())).toBeNull();
    });

    it('fails on 16 KB and 64 KB pages with the fix for each', async () => {
      expect(await check('page-size', auxvText(16384))).toMatchObject({ ok: false, fix: 'add kernel=kernel8.img to /boot/firmware/config.txt (the 4 KB-page kernel) and reboot' });
      expect(await check('page-size', auxvText(65536))).toMatchObject({ ok: false, detail: expect.stringContaining('64 KB memory pages'), fix: 'boot a kernel built with 4 KB pages, then reboot' });
    });
  });

  it('disk: fails below DISK_WARN_MB, and when the free space cannot be read', async () => {
    host.free = 800 * 1024 * 1024;
    expect(await check('disk')).toMatchObject({ ok: false, detail: expect.stringContaining('only 800 MB free on the disk of /var/lib/lxc, below DISK_WARN_MB (1024 MB)') });
    host.free = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    expect(await check('disk')).toMatchObject({ ok: false, fix: 'create it (sudo mkdir -p /var/lib/lxc), or set LXC_PATH to another folder' });
  });

  it('i2c: passes with a note when the LED is off, fails with the bus error when the chip does not answer', async () => {
    led = { ...LED_ON, enabled: false, connected: false };
    expect(await check('i2c')).toEqual({ ok: true, detail: 'LED_ENABLED=false: this node does not use an LED matrix', fix: null });
    led = { ...LED_ON, connected: false, lastError: 'HT16K33 at 0x70 on I2C bus 1 (/dev/i2c-1): no device answers at 0x70' };
    expect(await check('i2c')).toMatchObject({ ok: false, detail: led.lastError, fix: expect.stringContaining('i2cdetect -y 1') });
  });

  describe('clock', () => {
    beforeEach(() => {
      files['/run/systemd/timesync/synchronized'] = null;
    });

    it('fails when the clock is earlier than the build, as on a board without a real-time clock', async () => {
      host.clock = new Date('2023-01-01T00:00:00Z');
      const result = await check('clock');
      expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('the clock says 2023-01-01 00:00 UTC, earlier than this TinyStack was built (2026-11-30 10:00 UTC)') });
      expect(result.fix).toContain('sudo timedatectl set-ntp true');
    });

    it('passes with chrony running, or at least a clock that is not earlier than the build', async () => {
      expect(await check('clock')).toMatchObject({ ok: true, detail: expect.stringContaining('no time synchronisation found') });
      files['/run/chrony/chronyd.pid'] = '812\n';
      expect(await check('clock')).toMatchObject({ ok: true, detail: expect.stringContaining('chronyd keeps the time') });
    });
  });
});
