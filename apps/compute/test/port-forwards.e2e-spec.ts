import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

/*
 * A client on the "classroom LAN": a network namespace of the test's own,
 * joined to the board by a veth pair with test-only addresses (10.203.N.0/24).
 * Every packet goes between that namespace, the board and the test's container.
 */
const suffix = String(process.pid % 10_000);
const NAMESPACE = `tslan${suffix}`;
const BOARD_LINK = `tsb${suffix}`;
const CLIENT_LINK = `tsc${suffix}`;
const SUBNET = 20 + (process.pid % 200);
const BOARD_ADDRESS = `10.203.${SUBNET}.1`;
const CLIENT_ADDRESS = `10.203.${SUBNET}.2`;
const TABLE = `tinystack_test${suffix}`;
const BRIDGE_FORWARDING = '/proc/sys/net/ipv4/conf/lxcbr0/forwarding';

const run = (program: string, args: string[]) => execFileSync(program, args, { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
const attempt = (program: string, args: string[]) => {
  try {
    run(program, args);
  } catch {
    // Cleaning up what may not exist.
  }
};

/** Fetches a page, from the process it runs in (Debian's busybox wget crashes on the host). */
const CLIENT_SCRIPT =
  'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => r.text()).then((t) => process.stdout.write(t), () => process.exit(1))';

/** The page as the classroom client gets it, or null when nothing answers (never blocking the node under test). */
async function fetchFromClassroom(port: number): Promise<string | null> {
  try {
    const args = ['netns', 'exec', NAMESPACE, process.execPath, '-e', CLIENT_SCRIPT, `http://${BOARD_ADDRESS}:${port}/`];
    return (await promisify(execFile)('ip', args, { encoding: 'utf8', timeout: 10_000 })).stdout;
  } catch {
    return null;
  }
}

async function eventually<T>(probe: () => T | null | Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tableRules(): string | null {
  try {
    return run('nft', ['list', 'table', 'ip', TABLE]);
  } catch {
    return null;
  }
}

describeWithLxc('port forwards for a client on the classroom LAN (nftables, a network namespace)', () => {
  let lxcPath: string;
  let dataDir: string;
  let node: ComputeTestApp | undefined;
  let bridgeForwarding: string | undefined;
  const settings = () => ({ LXC_PATH: lxcPath, DATA_DIR: dataDir, NFT_TABLE: TABLE, PORT_RANGE: '21000-21099', INVENTORY_INTERVAL_MS: 500 });

  const serve = async () => {
    const started = await node!.call('POST', '/instances/web1/exec', {
      command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && busybox httpd -p 80 -h /www'],
    });
    expect(started.body).toMatchObject({ exitCode: 0 });
  };
  const addressOf = (name: string) =>
    eventually(async () => {
      const listed = await node!.call('GET', '/instances');
      return (listed.body as Array<{ name: string; ipv4: string[] }>).find((instance) => instance.name === name)?.ipv4[0] ?? null;
    }, `an address of ${name}`);

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    dataDir = mkdtempSync(join(tmpdir(), 'tinystack-ports-data-'));
    run('ip', ['netns', 'add', NAMESPACE]);
    run('ip', ['link', 'add', BOARD_LINK, 'type', 'veth', 'peer', 'name', CLIENT_LINK]);
    run('ip', ['link', 'set', CLIENT_LINK, 'netns', NAMESPACE]);
    run('ip', ['addr', 'add', `${BOARD_ADDRESS}/24`, 'dev', BOARD_LINK]);
    run('ip', ['link', 'set', BOARD_LINK, 'up']);
    run('ip', ['netns', 'exec', NAMESPACE, 'ip', 'addr', 'add', `${CLIENT_ADDRESS}/24`, 'dev', CLIENT_LINK]);
    run('ip', ['netns', 'exec', NAMESPACE, 'ip', 'link', 'set', CLIENT_LINK, 'up']);
    run('ip', ['netns', 'exec', NAMESPACE, 'ip', 'link', 'set', 'lo', 'up']);
    // IPv4 forwarding only where the test's packets pass: in from the test's link, replies in from the bridge.
    writeFileSync(`/proc/sys/net/ipv4/conf/${BOARD_LINK}/forwarding`, '1');
    bridgeForwarding = readFileSync(BRIDGE_FORWARDING, 'utf8').trim();
    writeFileSync(BRIDGE_FORWARDING, '1');

    node = await startComputeTestApp(settings());
    expect((await node.call('POST', '/instances', { name: 'web1', start: true })).status).toBe(201);
    expect((await node.call('POST', '/instances', { name: 'other1' })).status).toBe(201);
    await serve();
    await addressOf('web1');
  });

  afterAll(async () => {
    await node?.close();
    attempt('ip', ['netns', 'delete', NAMESPACE]);
    attempt('ip', ['link', 'delete', BOARD_LINK]);
    attempt('nft', ['delete', 'table', 'ip', TABLE]);
    if (bridgeForwarding !== undefined) writeFileSync(BRIDGE_FORWARDING, bridgeForwarding);
    if (lxcPath) await removeLxcPath(lxcPath);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    expect(tableRules()).toBeNull();
    expect(existsSync(`/run/netns/${NAMESPACE}`)).toBe(false);
  });

  it('serves the container\'s page to the classroom through a port the node picked, at the board\'s address', async () => {
    expect(await fetchFromClassroom(21000)).toBeNull();
    const created = await node!.call('POST', '/instances/web1/ports', { containerPort: 80, protocol: 'tcp' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ hostPort: 21000, containerPort: 80, protocol: 'tcp' });
    expect((await node!.call('GET', '/instances/web1/ports')).body).toEqual([{ hostPort: 21000, containerPort: 80, protocol: 'tcp' }]);

    expect(await eventually(() => fetchFromClassroom(21000), 'the page through the forward')).toBe('web1\n');
    // The board itself reaches it at its own address too (the output hook).
    const fromBoard = await fetch(`http://${BOARD_ADDRESS}:21000/`, { signal: AbortSignal.timeout(5000) });
    expect(await fromBoard.text()).toBe('web1\n');

    const saved = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8'));
    expect(saved).toEqual({ version: 1, forwards: [{ instance: 'web1', hostPort: 21000, containerPort: 80, protocol: 'tcp' }] });
  });

  it('refuses a port outside PORT_RANGE (400), a taken one naming its holder (409), unknown instances and forwards (404)', async () => {
    const outside = await node!.call('POST', '/instances/other1/ports', { containerPort: 80, protocol: 'tcp', hostPort: 8080 });
    expect(outside).toMatchObject({ status: 400, body: { message: "hostPort 8080 is outside this node's PORT_RANGE 21000-21099" } });
    const taken = await node!.call('POST', '/instances/other1/ports', { containerPort: 8080, protocol: 'tcp', hostPort: 21000 });
    expect(taken).toMatchObject({ status: 409, body: { message: 'Port 21000/tcp is taken: it forwards to "web1" port 80' } });
    const udp = await node!.call('POST', '/instances/other1/ports', { containerPort: 5683, protocol: 'udp', hostPort: 21000 });
    expect(udp).toMatchObject({ status: 201, body: { hostPort: 21000, protocol: 'udp' } });
    expect((await node!.call('DELETE', '/instances/other1/ports/21000?protocol=udp')).status).toBe(204);

    expect((await node!.call('POST', '/instances/ghost/ports', { containerPort: 80, protocol: 'tcp' })).status).toBe(404);
    expect((await node!.call('GET', '/instances/ghost/ports')).status).toBe(404);
    const missing = await node!.call('DELETE', '/instances/web1/ports/21001');
    expect(missing).toMatchObject({ status: 404, body: { message: 'Instance "web1" has no tcp forward on port 21001' } });
    for (const body of [{ containerPort: 0, protocol: 'tcp' }, { containerPort: 80, protocol: 'sctp' }, { containerPort: 80 }, { containerPort: 80, protocol: 'tcp', hostPort: 70000 }]) {
      expect((await node!.call('POST', '/instances/web1/ports', body)).status).toBe(400);
    }
    expect((await node!.call('DELETE', '/instances/web1/ports/21000?protocol=icmp')).status).toBe(400);
    expect((await node!.call('GET', '/instances/web1/ports')).body).toHaveLength(1);
  });

  it('follows the container through a restart, and is restored when the compute node starts again', async () => {
    expect((await node!.call('POST', '/instances/web1', { action: 'restart', force: true })).status).toBe(200);
    await addressOf('web1');
    await serve();
    expect(await eventually(() => fetchFromClassroom(21000), 'the page after the restart')).toBe('web1\n');

    await node!.close();
    node = undefined;
    // As after a reboot: the kernel lost the rules; only ports.json remains.
    run('nft', ['delete', 'table', 'ip', TABLE]);
    expect(await fetchFromClassroom(21000)).toBeNull();
    node = await startComputeTestApp(settings());
    expect((await node.call('GET', '/instances/web1/ports')).body).toEqual([{ hostPort: 21000, containerPort: 80, protocol: 'tcp' }]);
    expect(await eventually(() => fetchFromClassroom(21000), 'the page after the node restarted')).toBe('web1\n');
  });

  it('is gone once the instance is deleted: no rule, nothing saved, nothing answers', async () => {
    expect((await node!.call('DELETE', '/instances/web1?force=true')).status).toBe(204);
    await eventually(() => (tableRules() === null ? true : null), 'the table to go');
    expect(await fetchFromClassroom(21000)).toBeNull();
    const saved = () => JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')) as { forwards: unknown[] };
    await eventually(() => (saved().forwards.length === 0 ? true : null), 'ports.json to forget the forwards of web1');
    expect(saved()).toEqual({ version: 1, forwards: [] });
  });
});
