import { generate } from 'mqtt-packet';
import { PacketSizeGuard, PacketTooLarge } from './packet-size-guard.js';

function publish(bytes: number): Buffer {
  return generate({ cmd: 'publish', topic: 'class/alice/x', payload: Buffer.alloc(bytes), qos: 0, dup: false, retain: false });
}

async function pass(guard: PacketSizeGuard, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  guard.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    guard.on('end', resolve);
    guard.on('error', reject);
  });
  for (const chunk of chunks) guard.write(chunk);
  guard.end();
  await ended;
  return Buffer.concat(out);
}

describe('PacketSizeGuard', () => {
  it('passes packets under the cap unchanged, however they are split', async () => {
    const bytes = Buffer.concat([publish(10), generate({ cmd: 'pingreq' }), publish(3000), publish(0)]);
    const oneByteAtATime = [...bytes].map((byte) => Buffer.from([byte]));
    expect(await pass(new PacketSizeGuard(4096), oneByteAtATime)).toEqual(bytes);
    expect(await pass(new PacketSizeGuard(4096), [bytes])).toEqual(bytes);
  });

  it('fails on the header of a packet over the cap, before its body', async () => {
    const big = publish(5000);
    await expect(pass(new PacketSizeGuard(4096), [publish(10), big.subarray(0, 4)])).rejects.toThrow(PacketTooLarge);
    await expect(pass(new PacketSizeGuard(4096), [big])).rejects.toThrow(/over the limit of 4096/);
  });

  it('fails on a length of more than 4 bytes', async () => {
    await expect(pass(new PacketSizeGuard(4096), [Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])])).rejects.toThrow(/malformed/);
  });
});
