import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import makeMdns from 'multicast-dns';
import type { Answer } from 'dns-packet';
import { describeWithNamespaces, TestLan, type LanMember } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import { httpCall } from '../../manager/test/http-call.js';
import { builtApp, SpawnedApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';
import { FakeManager } from './fake-manager.js';

const COMPUTE_TOKEN = 'discovery-test-compute-token-0123';
const SERVICE = '_tinystack._tcp.local';
const NODE_PORT = 7001;

interface Heard {
  answers: Answer[];
  at: number;
}

/**
 * The real compute node from dist on a board of a TestLan (a network namespace
 * of its own, linked to a switch with the test's own namespace, addresses in
 * 10.77.x.0/24 only): its mDNS traffic goes nowhere else. A real multicast-dns
 * querier on the test's end browses for it, and a fake manager there takes its join.
 */
describeWithNamespaces('mDNS/DNS-SD announcements of a compute node, on a LAN of network namespaces', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-discovery-'));
  let lan: TestLan;
  let test: LanMember;
  let board: LanMember;
  let querier: makeMdns.MulticastDNS;
  const heard: Heard[] = [];
  let node: SpawnedApp;
  let manager: FakeManager;
  let managerUrl: string;

  beforeAll(async () => {
    lan = await TestLan.create();
    test = await lan.addMember('test', { inTestNamespace: true });
    board = await lan.addMember('board');

    querier = makeMdns({ interface: test.address, bind: '0.0.0.0', loopback: false });
    await new Promise<void>((resolve, reject) => {
      querier.once('ready', resolve);
      querier.once('error', reject);
    });
    querier.on('response', (response) => {
      const records = [...(response.answers ?? []), ...(response.additionals ?? [])];
      if (records.some((record) => record.name.endsWith(SERVICE))) heard.push({ answers: records, at: Date.now() });
    });

    manager = new FakeManager();
    managerUrl = await manager.listen(0, test.address);
    node = new SpawnedApp(
      'compute node on a board of the test LAN',
      board.command(process.execPath, ...COMPUTE_NODE_FLAGS, builtApp('compute')),
      { COMPUTE_HOST: '0.0.0.0', COMPUTE_PORT: String(NODE_PORT), COMPUTE_TOKEN, DATA_DIR: join(scratch, 'data'), LXC_PATH: join(scratch, 'lxc'), LED_ENABLED: 'false' },
      scratch,
      `http://${board.address}:${NODE_PORT}`,
    );
    await node.start();
  }, 60_000);

  afterAll(async () => {
    await node?.stop();
    await manager?.close();
    if (querier) await new Promise<void>((resolve) => querier.destroy(() => resolve()));
    await lan?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  const txtOf = (records: Answer[]) => {
    const txt = records.find((record) => record.type === 'TXT');
    return txt ? (txt.data as Buffer[]).map((entry) => entry.toString()) : [];
  };

  /** Asks for the service until an answer with `joined` comes; answers its records. */
  async function browse(joined: 0 | 1): Promise<Answer[]> {
    return waitFor(`an answer with joined=${joined}`, 15_000, async () => {
      const since = Date.now();
      querier.query({ questions: [{ name: SERVICE, type: 'PTR' }] });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answer = heard.find((entry) => entry.at >= since && txtOf(entry.answers).includes(`joined=${joined}`));
      return answer?.answers;
    });
  }

  it('answers a browse with its id, version, port and LAN address, unjoined', async () => {
    const { nodeId, version } = (await httpCall(node.baseUrl, 'GET', '/health')).body;
    const records = await browse(0);
    const label = `${hostname().split('.')[0]!.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-${nodeId.slice(0, 8)}`;

    expect(records).toContainEqual(expect.objectContaining({ name: SERVICE, type: 'PTR', data: `${label}.${SERVICE}` }));
    expect(records).toContainEqual(expect.objectContaining({ name: `${label}.${SERVICE}`, type: 'SRV', data: expect.objectContaining({ port: NODE_PORT, target: `${label}.local` }) }));
    expect(txtOf(records)).toEqual([`id=${nodeId}`, `v=${version}`, 'joined=0']);
    expect(records.filter((record) => record.type === 'A')).toEqual([expect.objectContaining({ name: `${label}.local`, data: board.address })]);
    expect(node.log()).toContain(`INFO  [Discovery] Announcing ${label}.${SERVICE} on the LAN (${board.address})`);
  });

  it('announces again, joined=1, once a manager that heard it has offered a join token', async () => {
    const base = heard.length;
    const offer = await httpCall(node.baseUrl, 'POST', '/join/offer', { body: { managerUrl, joinToken: manager.token() } });
    expect(offer).toMatchObject({ status: 200, body: { state: 'joined' } });
    expect(manager.joins.at(-1)).toMatchObject({ remoteAddress: board.address, status: 201 });

    const announced = await waitFor('an unsolicited announcement with joined=1', 10_000, async () =>
      heard.slice(base).find((entry) => txtOf(entry.answers).includes('joined=1')),
    );
    expect(announced.answers.map((record) => record.type).sort()).toEqual(['A', 'PTR', 'SRV', 'TXT']);
    expect(txtOf(await browse(1))).toContain('joined=1');
  });

  it('says goodbye (TTL 0) when it stops', async () => {
    const base = heard.length;
    await node.stop();
    const goodbye = await waitFor('a goodbye', 10_000, async () =>
      heard.slice(base).find((entry) => entry.answers.every((record) => (record as { ttl?: number }).ttl === 0)),
    );
    expect(goodbye.answers.map((record) => record.type)).toContain('PTR');
  });
});
