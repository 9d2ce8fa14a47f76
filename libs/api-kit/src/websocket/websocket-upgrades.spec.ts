import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { HttpAdapterHost } from '@nestjs/core';
import { UpgradeRefusal, WebSocketUpgrades } from './websocket-upgrades.js';

/** The upgrades on a plain HTTP server, as Nest's adapter would hand it over. */
function upgradesOn(server: Server): WebSocketUpgrades {
  const host = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
  return new WebSocketUpgrades(host);
}

/** Opens a WebSocket and says how it went: 'open' or the refusal's status and body. */
function attempt(url: string): Promise<{ open: true; first: Promise<string> } | { open: false; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: 5000 });
    // Listening before the handshake ends: the first message may come in the same packet as the 101.
    const first = new Promise<string>((resolveFirst) =>
      socket.once('message', (data: Buffer) => {
        resolveFirst(data.toString());
        socket.close();
      }),
    );
    socket.once('open', () => resolve({ open: true, first }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ open: false, status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

describe('WebSocketUpgrades', () => {
  let server: Server;
  let upgrades: WebSocketUpgrades;
  let base: string;
  const sockets = new WebSocketServer({ noServer: true });

  beforeEach(async () => {
    server = createServer((_request, response) => response.end('plain'));
    upgrades = upgradesOn(server);
    upgrades.route(/^\/echo\/([a-z]+)$/, (request, socket, head, match) => {
      sockets.handleUpgrade(request, socket, head, (webSocket) => webSocket.send(`hello ${match[1]}`));
    });
    upgrades.route(/^\/closed$/, () => {
      throw new UpgradeRefusal(409, 'the instance is not running');
    });
    upgrades.route(/^\/broken$/, async () => {
      throw new Error('a bug');
    });
    upgrades.onApplicationBootstrap();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    upgrades.onModuleDestroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands a matching path to its route, with the match, the query left out', async () => {
    const outcome = await attempt(`${base}/echo/ada?cols=80`);
    expect(outcome.open).toBe(true);
    if (!outcome.open) return;
    expect(await outcome.first).toBe('hello ada');
  });

  it("answers a route's refusal with its status and the API's error shape", async () => {
    const outcome = await attempt(`${base}/closed`);
    expect(outcome).toMatchObject({ open: false, status: 409 });
    if (outcome.open) return;
    expect(JSON.parse(outcome.body)).toEqual({ statusCode: 409, error: 'Conflict', message: 'the instance is not running' });
  });

  it('answers 404 for a path no feature serves, and 500 without the error text for a failing route', async () => {
    const missing = await attempt(`${base}/elsewhere`);
    expect(missing).toMatchObject({ open: false, status: 404 });
    if (!missing.open) expect(JSON.parse(missing.body).message).toBe('No WebSocket is served at /elsewhere');
    const broken = await attempt(`${base}/broken`);
    expect(broken).toMatchObject({ open: false, status: 500 });
    if (!broken.open) expect(broken.body).not.toContain('a bug');
  });

  it('stops listening when the module is destroyed', () => {
    upgrades.onModuleDestroy();
    expect(server.listenerCount('upgrade')).toBe(0);
  });
});
