import { MAX_CONCURRENT_HASHES, PasswordHasher, SCRYPT_PARAMETERS } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores scrypt$N$r$p$salt$key with the chosen parameters and a fresh salt, never the password', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(SCRYPT_PARAMETERS).toEqual({ N: 16384, r: 8, p: 1 });
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct');
  });

  it('verifies the right password and refuses a wrong one, one differing only in case, or the empty one', async () => {
    const stored = await hasher.hash('Correct horse');
    expect(await hasher.verify('Correct horse', stored)).toBe(true);
    expect(await hasher.verify('correct horse', stored)).toBe(false);
    expect(await hasher.verify('Correct horse ', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('takes the same password typed in either Unicode form', async () => {
    const composed = 'caf\u00e9 au lait';
    const decomposed = 'cafe\u0301 au lait';
    expect(await hasher.verify(decomposed, await hasher.hash(composed))).toBe(true);
  });

  it.each([
    ['another scheme', 'bcrypt$10$abc'],
    ['too few fields', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0'],
    ['N not a power of two', 'scrypt$10000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['a cost that would take gigabytes', `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5`],
    ['a short key', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5'],
  ])('refuses a stored value with %s rather than trying it', async (_case, stored) => {
    expect(await hasher.verify('anything', stored)).toBe(false);
  });

  it('answers false for nobody after a real hash', async () => {
    await expect(hasher.verifyNobody('guess')).resolves.toBe(false);
  });

  it(`runs at most ${MAX_CONCURRENT_HASHES} hashes at once and all of them in the end`, async () => {
    const counting = new PasswordHasher();
    const running = () => (counting as unknown as { running: number }).running;
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, running())), 1);
    try {
      const hashes = Promise.all(Array.from({ length: 6 }, (_, index) => counting.hash(`password ${index}`)));
      await Promise.resolve();
      expect(running()).toBe(MAX_CONCURRENT_HASHES);
      expect(await hashes).toHaveLength(6);
    } finally {
      clearInterval(sampler);
    }
    expect(most).toBe(MAX_CONCURRENT_HASHES);
    expect(running()).toBe(0);
  });
});
