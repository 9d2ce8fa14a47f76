import { tokensMatch } from './token-match.js';

describe('tokensMatch', () => {
  it('accepts the identical token', () => {
    expect(tokensMatch('s3cret-token-value', 's3cret-token-value')).toBe(true);
  });

  it.each([
    ['a different token of the same length', 's3cret-token-valuf'],
    ['a prefix', 's3cret-token'],
    ['a longer token', 's3cret-token-value-and-more'],
    ['the empty string', ''],
    ['different case', 'S3CRET-TOKEN-VALUE'],
  ])('refuses %s', (_case, presented) => {
    expect(tokensMatch(presented, 's3cret-token-value')).toBe(false);
  });
});
