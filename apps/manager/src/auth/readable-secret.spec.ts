import { READABLE_ALPHABET, readableSecret } from './readable-secret.js';

describe('readableSecret', () => {
  it('uses 32 characters, none of 0, o, 1, l or upper case, each about as often', () => {
    expect(READABLE_ALPHABET).toHaveLength(32);
    expect(READABLE_ALPHABET).not.toMatch(/[0o1lA-Z]/);
    const counts = new Map<string, number>();
    const text = Array.from({ length: 400 }, () => readableSecret(12)).join('');
    for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect([...counts.keys()].every((character) => READABLE_ALPHABET.includes(character))).toBe(true);
    // 4800 characters over 32 kinds: 150 each on average; a broken draw would be far off.
    expect(Math.min(...counts.values())).toBeGreaterThan(90);
    expect(Math.max(...counts.values())).toBeLessThan(220);
  });
});
