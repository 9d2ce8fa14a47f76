import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HealthDto, NodeJoinRequestDto } from '@tinystack/contracts';

/** A join token as a manager makes it: "tsj_" and 32 random bytes, base64url. */
export function newJoinToken(): string {
  return `tsj_${randomBytes(32).toString('base64url')}`;
}

interface TokenRecord {
  revokedAt?: Date;
  expiresAt?: Date;
}

export interface JoinedNode {
  nodeId: string;
  computeId: string;
  name: string;
  url: string;
  computeToken: string;
}

export interface SeenJoin {
  /** The body as sent, token and all: the tests check what the node gives away. */
  body: Record<string, unknown>;
  remoteAddress: string;
  status: number;
}

/**
 * The manager's side of a join, as DESIGN-11 fixes it, for the compute
 * node's tests until the real manager has it: POST /api/nodes/join checks the
 * join token (401 unknown, 403 revoked or expired), reaches the node at
 * advertiseUrl or http://<remote address>:<port> (GET /health with the same
 * computeId, GET /usage with its token, GET /instances; 422 when it cannot),
 * and answers 201 for a new node, 200 with rejoined for one it knows.
 */
export class FakeManager {
  readonly joins: SeenJoin[] = [];
  readonly nodes = new Map<string, JoinedNode>();
  private readonly tokens = new Map<string, TokenRecord>();
  private server: Server | null = null;
  private failNext: { status: number; message: string; count: number } | null = null;

  /** A token this manager knows; revoked or expired when told so. */
  token(record: TokenRecord = {}): string {
    const token = newJoinToken();
    this.tokens.set(token, record);
    return token;
  }

  /** The next `count` joins get this answer, before the token is looked at (a manager in trouble). */
  failJoins(status: number, message: string, count = 1): void {
    this.failNext = { status, message, count };
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, message: string) => answer(status, { statusCode: status, error: String(status), message });
    if (request.method !== 'POST' || request.url !== '/api/nodes/join') return error(404, `Cannot ${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const remoteAddress = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const seen: SeenJoin = { body, remoteAddress, status: 0 };
    this.joins.push(seen);
    const reply = (status: number, payload: unknown) => {
      seen.status = status;
      answer(status, payload);
    };
    const refuse = (status: number, message: string) => reply(status, { statusCode: status, error: String(status), message });

    if (this.failNext !== null) {
      const { status, message } = this.failNext;
      if (--this.failNext.count === 0) this.failNext = null;
      return refuse(status, message);
    }
    const problems = validateSync(plainToInstance(NodeJoinRequestDto, body), { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length > 0) return refuse(400, problems.flatMap((problem) => Object.values(problem.constraints ?? {})).join('; '));
    const request_ = body as unknown as NodeJoinRequestDto;
    const record = this.tokens.get(request_.joinToken);
    if (record === undefined) return refuse(401, 'the join token is not known to this manager');
    if (record.revokedAt) return refuse(403, `the join token was revoked at ${record.revokedAt.toISOString()}`);
    if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return refuse(403, `the join token expired at ${record.expiresAt.toISOString()}`);

    const url = request_.advertiseUrl ?? `http://${remoteAddress.includes(':') ? `[${remoteAddress}]` : remoteAddress}:${request_.port}`;
    const unreachable = await this.contact(url, request_);
    if (unreachable !== null) return refuse(422, `the manager could not reach the board at ${url}: ${unreachable} (set COMPUTE_ADVERTISE_URL on the board)`);

    const known = this.nodes.get(request_.computeId);
    if (known) {
      known.url = url;
      known.computeToken = request_.computeToken;
      return reply(200, { nodeId: known.nodeId, name: known.name, url, state: 'ACTIVE', rejoined: true });
    }
    const node: JoinedNode = { nodeId: randomUUID(), computeId: request_.computeId, name: request_.hostname, url, computeToken: request_.computeToken };
    this.nodes.set(node.computeId, node);
    return reply(201, { nodeId: node.nodeId, name: node.name, url, state: 'PENDING' });
  }

  /** Talks to the node like a registration; the reason it could not, or null. */
  private async contact(url: string, join: NodeJoinRequestDto): Promise<string | null> {
    try {
      const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
      const body = (await health.json()) as { nodeId?: string };
      const problems = validateSync(plainToInstance(HealthDto, body) as object, { whitelist: true, forbidNonWhitelisted: true });
      if (!health.ok || problems.length > 0) return `GET /health answered ${health.status} with no compute node's health`;
      if (body.nodeId !== join.computeId) return `the node there is ${body.nodeId}, not ${join.computeId}`;
      const usage = await fetch(`${url}/usage`, { headers: { authorization: `Bearer ${join.computeToken}` }, signal: AbortSignal.timeout(5000) });
      if (!usage.ok) return `GET /usage answered ${usage.status}`;
      // As a registration: a board that cannot run instances (no LXC) is still taken, its error kept.
      await fetch(`${url}/instances`, { headers: { authorization: `Bearer ${join.computeToken}` }, signal: AbortSignal.timeout(5000) });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
