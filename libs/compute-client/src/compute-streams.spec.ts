import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { ComputeNodeAnsweredError, ComputeNodeInvalidAnswerError, ComputeNodeUnreachableError } from './compute-client.errors.js';
import { ComputeStreams } from './compute-streams.js';

/** A node that hands each request to the test's handler. */
async function node(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('ComputeStreams: the large bodies to and from a node', () => {
  let server: Server | undefined;
  let streams: ComputeStreams | undefined;

  afterEach(async () => {
    streams?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('streams a body up with its headers and the token, and answers the checked JSON', async () => {
    let received = 0;
    let seen: IncomingMessage | undefined;
    ({ server } = await node((request, response) => {
      seen = request;
      request.on('data', (chunk: Buffer) => (received += chunk.length));
      request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ state: 'complete', receivedBytes: received })));
    }));
    streams = new ComputeStreams(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'node-token');
    const body = Readable.from(Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 1)));
    const answer = await streams.upload<{ receivedBytes: number }>('PUT', '/images/abc', body, {
      headers: { 'content-type': 'application/octet-stream', 'x-image-size': String(40 * 64 * 1024) },
      idleTimeoutMs: 5000,
      check: () => [],
    });
    expect(answer.receivedBytes).toBe(40 * 64 * 1024);
    expect(seen!.headers).toMatchObject({ authorization: 'Bearer node-token', 'x-image-size': String(40 * 64 * 1024) });
  });

  it("keeps a refusal's status and the node's words; an answer that breaks the contract is invalid", async () => {
    let answerWith = (response: ServerResponse) => response.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the image arrived corrupted' }));
    ({ server } = await node((request, response) => {
      request.resume();
      request.on('end', () => answerWith(response));
    }));
    streams = new ComputeStreams(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 't');
    const send = () => streams!.upload('PUT', '/images/abc', Readable.from([Buffer.from('x')]), { headers: {}, idleTimeoutMs: 5000, check: () => ['state must be complete or partial'] });
    const refused = await send().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ComputeNodeAnsweredError);
    expect(refused).toMatchObject({ status: 422, nodeMessage: 'the image arrived corrupted' });
    answerWith = (response) => response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    await expect(send()).rejects.toThrow(ComputeNodeInvalidAnswerError);
  });

  it('hands a download over as a stream, and gives up a node that stops sending', async () => {
    ({ server } = await node((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-tar' });
      response.write(Buffer.alloc(1000, 2));
      // ...and nothing more: a stalled node.
    }));
    streams = new ComputeStreams(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 't');
    const tar = await streams.download('/instances/web1/rootfs', { idleTimeoutMs: 300 });
    let bytes = 0;
    const ended = await new Promise<unknown>((resolve) => {
      tar.on('data', (chunk: Buffer) => (bytes += chunk.length));
      tar.on('error', resolve);
      tar.on('end', () => resolve('ended'));
    });
    expect(bytes).toBe(1000);
    expect(ended).toBeInstanceOf(ComputeNodeUnreachableError);
  });

  it('says a node that cannot be reached is unreachable, and that the request never got there', async () => {
    streams = new ComputeStreams('http://127.0.0.1:9', 't');
    const error = await streams.download('/instances/web1/rootfs', { idleTimeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(error).toMatchObject({ delivered: false });
  });
});
