import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { vi, type MockInstance } from 'vitest';
import { NodeState, type NodeJoinRequestDto } from '@tinystack/contracts';
import { NodeCondition } from '../condition/node-condition.service.js';
import { ComputeSettings } from '../config/compute.settings.js';
import type { NodeIdentity } from '../health/node-identity.service.js';
import { strictFake } from '../led/testing/strict-fake.js';
import { JOIN_RETRY_MAX_MS, JoinService } from './join.service.js';
import { ManagerJoinClient, type JoinOutcome } from './manager-join.client.js';

const TOKEN = `tsj_${'k'.repeat(43)}`;
const MANAGER = 'http://10.0.0.2:8080';

class ScriptedClient extends ManagerJoinClient {
  readonly calls: Array<{ managerUrl: string; request: NodeJoinRequestDto; atMs: number }> = [];
  outcomes: JoinOutcome[] = [];

  override async join(managerUrl: string, request: NodeJoinRequestDto): Promise<JoinOutcome> {
    this.calls.push({ managerUrl, request, atMs: Date.now() });
    return this.outcomes.shift() ?? { kind: 'failed', message: 'nothing answers' };
  }
}

const JOINED: JoinOutcome = { kind: 'joined', answer: { nodeId: '9b1d1c52-5f0e-4c8e-8f4e-2d1b3f6a7c90', name: 'pi-1', url: 'http://10.0.0.21:7001', state: NodeState.PENDING } };

describe('JoinService', () => {
  let dataDir: string;
  let client: ScriptedClient;
  let condition: NodeCondition;
  let warn: MockInstance;
  let error: MockInstance;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tinystack-join-service-'));
    client = new ScriptedClient();
    condition = new NodeCondition();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function create(overrides: Partial<ComputeSettings> = {}): JoinService {
    const settings = Object.assign(new ComputeSettings(), { DATA_DIR: dataDir, MANAGER_URL: MANAGER, JOIN_TOKEN: TOKEN, COMPUTE_PORT: 7001 }, overrides);
    const server = Object.assign(new EventEmitter(), { listening: true, address: () => ({ port: 7001 }) });
    const adapterHost = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
    const identity = strictFake<NodeIdentity>('NodeIdentity', { nodeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11' });
    return new JoinService(settings, identity, client, condition, adapterHost, 'the-compute-token-0123456789');
  }

  it('tries again after 2 s, doubling to once a minute, logs each reason once, and stops once joined', async () => {
    vi.useFakeTimers();
    const service = create();
    client.outcomes = [...new Array(7).fill({ kind: 'failed', message: 'nothing answers' }), JOINED];
    const start = Date.now();
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    const gaps = client.calls.map((call, index) => (index === 0 ? call.atMs - start : call.atMs - client.calls[index - 1]!.atMs));
    expect(gaps).toEqual([0, 2000, 4000, 8000, 16000, 32000, JOIN_RETRY_MAX_MS, JOIN_RETRY_MAX_MS]);
    expect(service.status()).toMatchObject({ state: 'joined', managerUrl: MANAGER });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(client.calls[0]!.request).toEqual({
      joinToken: TOKEN,
      computeId: '3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11',
      computeToken: 'the-compute-token-0123456789',
      port: 7001,
      hostname: expect.any(String),
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    service.onModuleDestroy();
  });

  it('stops for good when the manager refuses the token, and tells the LED', async () => {
    vi.useFakeTimers();
    const service = create();
    client.outcomes = [{ kind: 'refused', status: 403, message: 'the join token expired at 2026-11-30T10:00:00.000Z' }];
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    expect(client.calls).toHaveLength(1);
    expect(service.status()).toEqual({
      managerUrl: MANAGER,
      state: 'refused',
      detail: `the manager at ${MANAGER} refused the join token (403): the join token expired at 2026-11-30T10:00:00.000Z`,
    });
    expect(error).toHaveBeenCalledWith(expect.stringContaining("refused this board's join token: the join token expired at 2026-11-30T10:00:00.000Z. The node does not try again"), { result: 'refused' });
    expect(condition.joinRefused()).toBe(true);
    expect(condition.notReady()).toBe(true);
  });

  it('joins now when asked, whatever the back-off, with what join.json holds when the environment has nothing', async () => {
    const service = create({ MANAGER_URL: undefined, JOIN_TOKEN: undefined });
    service.onApplicationBootstrap();
    expect(service.status().state).toBe('not-configured');
    expect(client.calls).toHaveLength(0);

    const { writeJoinFile } = await import('./join-file.js');
    writeJoinFile(dataDir, MANAGER, TOKEN, 'a test');
    client.outcomes = [JOINED];
    expect(await service.joinNow()).toMatchObject({ state: 'joined', managerUrl: MANAGER });
    expect(client.calls.map((call) => call.request.joinToken)).toEqual([TOKEN]);
    service.onModuleDestroy();
  });

  it('runs unjoined, saying what to do, when join.json cannot be used', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'join.json'), '{"managerUrl": "http://10.0.0.2:8080", "joinToken": "leaked-by-hand"}');
    const service = create({ MANAGER_URL: undefined, JOIN_TOKEN: undefined });
    service.onApplicationBootstrap();

    expect(service.status()).toMatchObject({ state: 'not-configured', detail: expect.stringContaining('the joinToken of') });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('run tinystack-compute join <manager-url> <join-token> again, or delete the file'));
    expect(JSON.stringify(error.mock.calls)).not.toContain('leaked-by-hand');
  });
});
