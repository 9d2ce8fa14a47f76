import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { READINESS_CHECK_NAMES } from '@tinystack/contracts';
import { describeWithLxc, createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { fixtureRoot } from '../../../libs/resource-sampler/src/testing/fixture-tree.js';
import { waitFor } from '../../manager/test/wait-for.js';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

const run = promisify(execFile);

/** /proc/self/auxv as the kernel writes it: (type, value) machine words, AT_NULL last. */
function auxv(pageSize: number): Buffer {
  const word = ['arm', 'ia32'].includes(process.arch) ? 4 : 8;
  const entries: [number, number][] = [
    [33, 0x7ffd0000], // AT_SYSINFO_EHDR
    [6, pageSize], // AT_PAGESZ
    [0, 0], // AT_NULL
  ];
  const buffer = Buffer.alloc(entries.length * 2 * word);
  entries.forEach(([type, value], index) => {
    if (word === 8) {
      buffer.writeBigUInt64LE(BigInt(type), index * 16);
      buffer.writeBigUInt64LE(BigInt(value), index * 16 + 8);
    } else {
      buffer.writeUInt32LE(type, index * 8);
      buffer.writeUInt32LE(value, index * 8 + 4);
    }
  });
  return buffer;
}

const byName = (checks: Array<{ name: string; ok: boolean; detail: string; fix: string | null }>) => Object.fromEntries(checks.map((check) => [check.name, check]));

describeWithLxc('Readiness checks of a compute node', () => {
  describe('on a Raspberry Pi 5 with the memory controller off, 16 KB pages and a full disk (fixture files, a tmpfs)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tinystack-readiness-'));
    const root = join(scratch, 'root');
    const lxcPath = join(scratch, 'lxc');
    let node: ComputeTestApp | undefined;

    beforeAll(async () => {
      cpSync(fixtureRoot('pi-first'), root, { recursive: true });
      writeFileSync(join(root, 'proc', 'cgroups'), '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t0\t1\t1\ncpu\t0\t1\t1\nmemory\t0\t1\t0\npids\t0\t1\t1\n');
      writeFileSync(join(root, 'proc', 'cmdline'), 'console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait\n');
      mkdirSync(join(root, 'proc', 'device-tree'));
      writeFileSync(join(root, 'proc', 'device-tree', 'model'), 'Raspberry Pi 5 Model B Rev 1.0\0');
      mkdirSync(join(root, 'proc', 'self'));
      writeFileSync(join(root, 'proc', 'self', 'auxv'), auxv(16384));
      // The containers' bridge as a board with lxc-net has it (the address is this machine's lxcbr0).
      mkdirSync(join(root, 'etc', 'lxc'), { recursive: true });
      writeFileSync(join(root, 'etc', 'lxc', 'default.conf'), 'lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.net.0.flags = up\n');
      mkdirSync(join(root, 'sys', 'class', 'net', 'lxcbr0', 'bridge'), { recursive: true });
      writeFileSync(join(root, 'sys', 'class', 'net', 'lxcbr0', 'flags'), '0x1003\n');
      writeFileSync(
        join(root, 'proc', 'net', 'udp'),
        '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n' +
          '  984: 00000000:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6242 2 0000000000000000 0\n',
      );
      // A disk of 8 MB with 7 MB taken, and a warning level above what is left.
      mkdirSync(lxcPath);
      await run('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', lxcPath]);
      writeFileSync(join(lxcPath, 'filler'), Buffer.alloc(7 * 1024 * 1024, 1));
      node = await startComputeTestApp({ PROC_ROOT: root, LXC_PATH: lxcPath, DISK_WARN_MB: 4, LED_ENABLED: false, LED_INTERVAL_MS: 100 });
    }, 60_000);

    afterAll(async () => {
      await node?.close();
      await run('umount', [lxcPath]).catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    });

    it('reports each check in GET /health with words and the fix, and is not ready', async () => {
      const health = (await node!.call('GET', '/health', undefined, null)).body;
      expect(health.ready).toBe(false);
      expect(health.checks.map((check: { name: string }) => check.name)).toEqual([...READINESS_CHECK_NAMES]);
      const checks = byName(health.checks);

      expect(checks['memory-cgroup']).toEqual({
        name: 'memory-cgroup',
        ok: false,
        detail:
          "memory limits of containers cannot be enforced, one container can take all the board's memory: the kernel's memory controller is off " +
          '(cgroup v1: /proc/cgroups has memory disabled; on Raspberry Pi OS the memory controller is off unless cgroup_enable=memory is on the kernel command line)',
        fix: 'add cgroup_enable=memory to the end of the single line in /boot/firmware/cmdline.txt (/boot/cmdline.txt before Bookworm), then reboot',
      });
      expect(checks['page-size']).toEqual({
        name: 'page-size',
        ok: false,
        detail:
          "the kernel uses 16 KB memory pages (the Raspberry Pi 5's default kernel, kernel_2712.img): many container images and programs built for 4 KB pages crash or refuse to start on it",
        fix: 'add kernel=kernel8.img to /boot/firmware/config.txt (the 4 KB-page kernel) and reboot',
      });
      expect(checks['disk']).toMatchObject({ ok: false, fix: expect.stringContaining('delete containers no longer needed') });
      expect(checks['disk'].detail).toMatch(new RegExp(`^only [01] MB free on the disk of ${lxcPath}, below DISK_WARN_MB \\(4 MB\\)`));
      for (const name of ['lxc', 'bridge', 'programs', 'i2c', 'clock']) expect(checks[name]).toMatchObject({ ok: true, fix: null });
      expect(checks['bridge'].detail).toMatch(/^lxcbr0 is up \(10\.0\.3\.1\) and a DHCP server listens on it$/);
      expect(checks['i2c'].detail).toBe('LED_ENABLED=false: this node does not use an LED matrix');
    });

    it('shows the not-ready pattern on the LED matrix, the failed checks on the top row, and documents it in the legend', async () => {
      const led = await waitFor('a frame of the not-ready pattern', 5000, async () => {
        const status = (await node!.call('GET', '/led')).body;
        return status.rows[1] === 0b01010101 ? status : undefined;
      });
      // memory-cgroup, page-size and disk: the 4th, 5th and 6th LEDs from the left.
      expect(led.rows.slice(0, 6)).toEqual([0b00111000, 0b01010101, 0b10101010, 0b01010101, 0b10101010, 0b01010101]);
      expect(led.legend[0].meaning).toContain(
        'one LED per failed readiness check, from the left: 1 lxc, 2 bridge, 3 programs or nftables, 4 memory-cgroup, 5 page-size, 6 disk, 7 i2c, 8 clock',
      );
      expect(led.legend[1].meaning).toContain('a checkerboard fills the rows from CPU to Disk IOPS every other second');
    });
  });

  describe('on this machine, as it is', () => {
    let lxcPath: string;
    let node: ComputeTestApp | undefined;

    beforeAll(async () => {
      lxcPath = await createTemporaryLxcPath();
      node = await startComputeTestApp({ LXC_PATH: lxcPath, LED_ENABLED: false });
    });

    afterAll(async () => {
      await node?.close();
      await removeLxcPath(lxcPath);
    });

    it('runs every check; what scripts/setup-host.sh prepares passes', async () => {
      const health = (await node!.call('GET', '/health', undefined, null)).body;
      for (const check of health.checks) {
        expect(typeof check.ok).toBe('boolean');
        expect(check.detail.length).toBeGreaterThan(10);
        expect(check.fix === null).toBe(check.ok);
      }
      expect(health.ready).toBe(health.checks.every((check: { ok: boolean }) => check.ok));
      const checks = byName(health.checks);
      for (const name of ['lxc', 'bridge', 'programs', 'nftables', 'i2c']) expect(checks[name]).toMatchObject({ ok: true });
      expect(checks['nftables'].detail).toMatch(/^nft works \(\S+\/nft list tables: \d+ tables?; the port forwards' table tinystack_test\d+ is /);
      console.log(`Readiness on this machine:\n${health.checks.map((check: { name: string; ok: boolean; detail: string }) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`).join('\n')}`);
    });
  });

  describe('with an nft that runs without root (the real nft, its privileges dropped)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tinystack-readiness-nft-'));
    let lxcPath: string;
    let node: ComputeTestApp | undefined;

    beforeAll(async () => {
      lxcPath = await createTemporaryLxcPath();
      const real = (await run('sh', ['-c', 'command -v nft || echo /usr/sbin/nft'], { timeout: 5000 })).stdout.trim();
      writeFileSync(join(scratch, 'nft'), `#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups ${real} "$@"\n`, { mode: 0o755 });
      // Only the checks at start-up look for nft; the rest of the node keeps the machine's PATH.
      const path = process.env['PATH'];
      process.env['PATH'] = `${scratch}:${path ?? '/usr/bin:/bin'}`;
      try {
        node = await startComputeTestApp({ LXC_PATH: lxcPath, LED_ENABLED: false, LED_INTERVAL_MS: 100 });
      } finally {
        process.env['PATH'] = path;
      }
    });

    afterAll(async () => {
      await node?.close();
      await removeLxcPath(lxcPath);
      rmSync(scratch, { recursive: true, force: true });
    });

    it('fails the nftables check with what nft said and the fix, and lights the third LED of the not-ready pattern', async () => {
      const health = (await node!.call('GET', '/health', undefined, null)).body;
      expect(health.ready).toBe(false);
      expect(byName(health.checks)['nftables']).toEqual({
        name: 'nftables',
        ok: false,
        detail: expect.stringMatching(/^nft may not read the firewall \(Operation not permitted \(you must be root\).*\): ports cannot be forwarded to instances/),
        fix: 'run the compute node as root (the tinystack-compute service does): nftables needs CAP_NET_ADMIN',
      });
      const led = await waitFor('a frame of the not-ready pattern', 5000, async () => {
        const status = (await node!.call('GET', '/led')).body;
        return status.rows[1] === 0b01010101 ? status : undefined;
      });
      expect(led.rows[0] & 0b100).toBe(0b100);
    });
  });
});
