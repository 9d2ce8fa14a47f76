import { Transform, type TransformCallback } from 'node:stream';

/** Thrown (as the stream's error) when a client announces a packet bigger than the cap. */
export class PacketTooLarge extends Error {}

/**
 * Passes a client's bytes through to the broker while reading each MQTT
 * packet's fixed header (type byte, then the "remaining length" in 1 to 4
 * bytes of 7 bits): a packet announced bigger than `maxBytes`, or a length
 * that is not one, fails the stream before its body is buffered anywhere,
 * which closes that client and no other. The broker's parser (mqtt-packet)
 * has no size limit of its own.
 */
export class PacketSizeGuard extends Transform {
  /** Bytes of the current packet's body still to pass; -1 while reading a header. */
  private bodyLeft = -1;
  /** Whether the type byte of the current header was read. */
  private inLength = false;
  private lengthValue = 0;
  private lengthBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - offset);
        this.bodyLeft -= take;
        offset += take;
        if (this.bodyLeft === 0) this.bodyLeft = -1;
        continue;
      }
      const byte = chunk[offset++]!;
      if (!this.inLength) {
        this.inLength = true; // the type byte was read; the length follows
        continue;
      }
      this.lengthValue += (byte & 0x7f) * 128 ** this.lengthBytes;
      this.lengthBytes += 1;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return callback(new PacketTooLarge('malformed MQTT packet: its length takes more than 4 bytes'));
        continue;
      }
      const size = 1 + this.lengthBytes + this.lengthValue;
      if (size > this.maxBytes) {
        return callback(new PacketTooLarge(`MQTT packet of ${size} bytes is over the limit of ${this.maxBytes} (MQTT_MAX_MESSAGE_BYTES)`));
      }
      this.bodyLeft = this.lengthValue === 0 ? -1 : this.lengthValue;
      this.lengthValue = 0;
      this.lengthBytes = 0;
      this.inLength = false;
    }
    callback(null, chunk);
  }
}
