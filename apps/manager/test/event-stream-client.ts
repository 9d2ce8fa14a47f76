/**
 * Reads a Server-Sent Events stream the way a browser would, with fetch and a
 * streaming body; collects the JSON data of every message.
 */
export class EventStreamClient {
  readonly messages: any[] = [];
  /** Comment lines (": text"), such as the manager's keep-alive. */
  readonly comments: string[] = [];
  /** Why the stream ended, when it did not end by close(). */
  ended: string | undefined;
  private readonly controller = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  /** `headers`: the credential, "authorization: Bearer <token>" or the session cookie. */
  static async connect(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
    const client = new EventStreamClient();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.controller.signal });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}: ${await response.text()}`);
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
      throw new Error(`event stream answered ${response.headers.get('content-type')}`);
    }
    client.reading = client.read(response.body);
    return client;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.reading;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          this.ended = 'the server closed the stream';
          return;
        }
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) if (line.startsWith(':')) this.comments.push(line.slice(1).trimStart());
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) this.messages.push(JSON.parse(data));
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.ended = String(error);
    }
  }
}
