import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface AppendOptions {
  /** Bytes gathered before one write: few large writes to the card, not one per network packet. */
  batchBytes: number;
  /** The stream is given up (destroyed with a StreamStalled) after this long without a byte. */
  idleTimeoutMs: number;
  /** Sees every chunk before it is kept (to hash it); throwing refuses the stream (nothing more is written). */
  onChunk(chunk: Buffer): void;
  /** Bytes now on disk, after each write. */
  onWritten(bytes: number): void;
}

/** The stream sent no byte for longer than the idle limit. */
export class StreamStalled extends Error {}

/**
 * Appends a byte stream to an open file in batches, each batch written while
 * the next one gathers: the network and the card work at once, and the
 * stream is paused only while two batches are held (at most about
 * 2 x batchBytes in memory, whatever the stream's size). Chunks are written
 * as they came (writev: no copy into a batch buffer), one write at a time,
 * in order.
 *
 * Resolves at the stream's end once every byte is written. When the stream
 * fails (cut off, stalled) it rejects with that error once what arrived
 * before is written too (a partial file to resume); when `onChunk` refuses a
 * chunk or a write fails, it rejects once no write is in flight, writing
 * nothing more. The file is neither synced nor closed: the caller's.
 */
export function appendStream(handle: FileHandle, stream: Readable, options: AppendOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let held: Buffer[] = [];
    let heldBytes = 0;
    let writing = false;
    let ended = false;
    /** Why it stops early; `keep`: what is held is still written (the stream's own failure). */
    let failure: { error: unknown; keep: boolean } | null = null;
    let settled = false;
    const idle = setTimeout(() => stream.destroy(new StreamStalled(`no bytes for ${options.idleTimeoutMs} ms`)), options.idleTimeoutMs);

    const settle = () => {
      settled = true;
      clearTimeout(idle);
      // The error listener stays: an error after the end must not become an uncaught one.
      stream.off('data', onData).off('end', onEnd).off('close', onClose);
      if (failure) reject(failure.error);
      else resolve();
    };

    const write = () => {
      const buffers = held;
      const bytes = heldBytes;
      held = [];
      heldBytes = 0;
      writing = true;
      writeFully(handle, buffers, bytes).then(
        () => {
          writing = false;
          options.onWritten(bytes);
          next();
        },
        (error: unknown) => {
          writing = false;
          failure = { error, keep: false };
          held = [];
          heldBytes = 0;
          next();
        },
      );
    };

    /** What comes once no write is in flight. */
    const next = () => {
      if (writing || settled) return;
      if (failure) {
        if (failure.keep && heldBytes > 0) return write();
        return settle();
      }
      if (heldBytes >= options.batchBytes || (ended && heldBytes > 0)) return write();
      if (ended) return settle();
      if (stream.isPaused()) {
        // Paused for the card, not by the sender: its idle time starts again.
        idle.refresh();
        stream.resume();
      }
    };

    const stop = (error: unknown, keep: boolean) => {
      if (failure || settled) return;
      failure = { error, keep };
      clearTimeout(idle);
      stream.off('data', onData);
      if (!keep) {
        held = [];
        heldBytes = 0;
      }
      next();
    };

    function onData(chunk: Buffer): void {
      idle.refresh();
      try {
        options.onChunk(chunk);
      } catch (error) {
        stream.pause();
        return stop(error, false);
      }
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes < options.batchBytes) return;
      if (writing) stream.pause();
      else write();
    }
    function onEnd(): void {
      ended = true;
      clearTimeout(idle);
      next();
    }
    function onError(error: Error): void {
      if (!settled) stop(error, true);
    }
    function onClose(): void {
      // Closed without an end or an error (a peer gone on some Node versions): cut off.
      if (!ended) stop(Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), true);
    }

    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** Writes every byte of `buffers` at the file's position, going on after a short write. */
async function writeFully(handle: FileHandle, buffers: Buffer[], bytes: number): Promise<void> {
  let { bytesWritten } = await handle.writev(buffers);
  if (bytesWritten === bytes) return;
  const all = Buffer.concat(buffers, bytes);
  while (bytesWritten < bytes) {
    const { bytesWritten: more } = await handle.write(all, bytesWritten, bytes - bytesWritten);
    if (more === 0) throw new Error(`the disk took none of the last ${bytes - bytesWritten} bytes`);
    bytesWritten += more;
  }
}
