/**
 * The data of each message of a text/event-stream body, as the HTML standard
 * parses it: lines end with LF, CR or CRLF; `data:` lines of one message are
 * joined with LF; comments (`:` lines) and the other fields (event, id,
 * retry) are skipped; a blank line ends a message, one without data is none,
 * and so is an unfinished one when the stream ends.
 */
export async function* serverSentEventData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  function* takeLines(ended: boolean): Generator<string> {
    // Mid-stream, a CR at the very end may be the first half of a CRLF: wait for more.
    const lineEnd = ended ? /\r\n|\n|\r/ : /\r\n|\n|\r(?!$)/;
    let end: RegExpExecArray | null;
    while ((end = lineEnd.exec(pending)) !== null) {
      const line = pending.slice(0, end.index);
      pending = pending.slice(end.index + end[0].length);
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      } else if (line === 'data') {
        data.push('');
      }
    }
  }
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  pending += decoder.decode();
  yield* takeLines(true);
}
