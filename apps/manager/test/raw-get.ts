import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it came over the wire: still compressed when Content-Encoding says so. */
  body: Buffer;
}

/**
 * One request with exactly the given headers and no decoding, like curl
 * (fetch adds its own Accept-Encoding and decompresses behind our back).
 */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
  options: { method?: 'GET' | 'HEAD'; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers, timeout: options.timeoutMs ?? 10_000 }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
