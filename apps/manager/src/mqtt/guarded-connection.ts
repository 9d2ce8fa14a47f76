import { Duplex } from 'node:stream';
import { PacketSizeGuard } from './packet-size-guard.js';

/**
 * A client's connection as the broker sees it: what it reads passed through
 * the PacketSizeGuard, what it writes going straight to the socket (a
 * packet's pieces in one write, as mqtt-packet corks them). Ends with the
 * transport, and ends the transport when the broker closes it or the guard
 * refuses a packet.
 */
export class GuardedConnection extends Duplex {
  constructor(
    private readonly transport: Duplex,
    private readonly guard: PacketSizeGuard,
    onRefused: (error: Error) => void,
  ) {
    super();
    transport.pipe(guard);
    guard.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) guard.pause();
    });
    guard.on('end', () => this.push(null));
    guard.on('error', (error) => {
      onRefused(error);
      this.destroy();
    });
    transport.on('close', () => this.destroy());
    transport.on('error', () => this.destroy());
  }

  override _read(): void {
    this.guard.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.transport.write(chunk, callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.transport.write(Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.transport.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.transport.destroy();
    callback(error);
  }
}
