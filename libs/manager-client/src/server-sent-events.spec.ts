import { serverSentEventData } from './server-sent-events.js';

async function dataOf(...chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* body() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const messages: string[] = [];
  for await (const data of serverSentEventData(body())) messages.push(data);
  return messages;
}

describe('serverSentEventData', () => {
  it('yields the data of each message, whatever the line endings and chunking', async () => {
    expect(await dataOf('data: one\n\n', 'data: two\r\n\r\n', 'data: three\r\r')).toEqual(['one', 'two', 'three']);
    expect(await dataOf('da', 'ta: sp', 'lit\r', '\n\r', '\n')).toEqual(['split']);
  });

  it('joins the data lines of one message and keeps spaces after the first', async () => {
    expect(await dataOf('data: a\ndata:b\ndata:  c\n\n')).toEqual(['a\nb\n c']);
  });

  it('skips comments, other fields and messages without data, and an unfinished last message', async () => {
    expect(await dataOf(': keep-alive\n\nevent: ping\nid: 4\nretry: 10\n\ndata: x\n\ndata: never finished')).toEqual(['x']);
  });

  it('decodes characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: 48 °C\n\n');
    async function* body() {
      yield bytes.slice(0, 10);
      yield bytes.slice(10);
    }
    const messages: string[] = [];
    for await (const data of serverSentEventData(body())) messages.push(data);
    expect(messages).toEqual(['48 °C']);
  });
});
