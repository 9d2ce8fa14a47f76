import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with N = 2^14, r = 8, p = 1: 16 MiB and tens of milliseconds per
 * hash on a PC, by design (a stolen database costs that much per guess).
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 14, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** At most this many hashes at once: each holds 16 MiB, and a board has 1 GB and four slow cores. */
export const MAX_CONCURRENT_HASHES = 2;
/** Parameters a stored hash may name: a row with bigger ones is refused rather than costing gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

interface ParsedHash {
  options: ScryptOptions & { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

/**
 * Passwords (and one-time passwords) as `scrypt$N$r$p$salt$key` (salt and key
 * base64url), verified in constant time. Hashing runs on libuv's thread pool,
 * never blocking the event loop, a few at a time.
 */
@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** A hash of nothing anyone knows: verified for an unknown user, so that a wrong name takes as long as a wrong password. */
  private decoy: Promise<string> | undefined;

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const options = { ...SCRYPT_PARAMETERS, maxmem: maxmemFor(SCRYPT_PARAMETERS) };
    const key = await this.derive(password, salt, KEY_BYTES, options);
    return ['scrypt', options.N, options.r, options.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** False for a wrong password and for a stored value that is not a hash this code makes. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    if (!parsed) return false;
    const key = await this.derive(password, parsed.salt, parsed.key.length, parsed.options);
    return timingSafeEqual(key, parsed.key);
  }

  /** Costs what a verify costs and answers false: for a username nobody has. */
  async verifyNobody(password: string): Promise<false> {
    this.decoy ??= this.hash(randomBytes(16).toString('base64url'));
    await this.verify(password, await this.decoy);
    return false;
  }

  private async derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
    await this.turn();
    try {
      return await new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
      );
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private async turn(): Promise<void> {
    if (this.running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
  }
}

/** scrypt needs 128 × N × r bytes; Node refuses above 32 MiB unless told. */
function maxmemFor(parameters: { N: number; r: number; p: number }): number {
  return 128 * parameters.N * parameters.r * (parameters.p + 1) + 1024 * 1024;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
  if (!valid(N, MAX_N) || (N & (N - 1)) !== 0 || !valid(r, MAX_R) || !valid(p, MAX_P)) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { options: { N, r, p, maxmem: maxmemFor({ N, r, p }) }, salt, key };
}
