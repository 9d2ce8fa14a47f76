import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { API_APPLICATION_OPTIONS, serveApiDocs } from '@tinystack/api-kit';
import { I2cBus } from '@tinystack/led-matrix';
import { ComputeSettings } from '../src/config/compute.settings.js';
import { ComputeModule } from '../src/compute.module.js';
import { COMPUTE_OPENAPI_FILE } from '../src/compute.server.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface ComputeTestApp {
  app: INestApplication;
  baseUrl: string;
  /** Sends a request with the test token unless `token` says otherwise; parses JSON answers. */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface ComputeTestAppOptions {
  /** Replaces the node's I2C bus, e.g. with an emulated HT16K33; default: the real /dev/i2c-N. */
  i2cBus?: I2cBus;
  /** Replaces providers by their token, e.g. a CgroupControllers port of a board whose memory controller is off. */
  overrides?: ReadonlyArray<{ provide: abstract new (...args: never[]) => unknown; useValue: unknown }>;
}

/** A real compute node (real LXC, real /proc) on a loopback port with its own lxcpath. */
export async function startComputeTestApp(
  overrides: Partial<ComputeSettings>,
  options: ComputeTestAppOptions = {},
): Promise<ComputeTestApp> {
  const settings = Object.assign(new ComputeSettings(), {
    COMPUTE_HOST: '127.0.0.1',
    COMPUTE_PORT: 0,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'tinystack-compute-data-')),
    LXC_STOP_TIMEOUT_S: 2,
    SAMPLE_INTERVAL_MS: 200,
    // Never the board's own table: a test node on a machine that runs a real one leaves its forwards alone.
    NFT_TABLE: `tinystack_test${process.pid}`,
    ...overrides,
  });
  const app = await createApp(settings, options);
  serveApiDocs(app, { ui: 'docs', json: 'docs-json' }, COMPUTE_OPENAPI_FILE);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    // A start-up that fails (in a provider's onModuleInit) leaves nothing running.
    await app.close().catch(() => undefined);
    throw error;
  }
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    async call(method, path, body, token = TEST_TOKEN) {
      const headers: Record<string, string> = {};
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text };
    },
    close: () => app.close(),
  };
}

async function createApp(settings: ComputeSettings, options: ComputeTestAppOptions): Promise<INestApplication> {
  const root = ComputeModule.forRoot(settings, TEST_TOKEN);
  const overrides = [...(options.i2cBus === undefined ? [] : [{ provide: I2cBus, useValue: options.i2cBus }]), ...(options.overrides ?? [])];
  if (overrides.length === 0) {
    return NestFactory.create(root, { ...API_APPLICATION_OPTIONS, logger: ['error'], abortOnError: false });
  }
  let builder = Test.createTestingModule({ imports: [root] });
  for (const override of overrides) builder = builder.overrideProvider(override.provide).useValue(override.useValue);
  const testingModule = await builder.compile();
  return testingModule.createNestApplication({ ...API_APPLICATION_OPTIONS, logger: ['error'] });
}
