import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { API_TOKEN_RULE, isApiToken } from './api-token.js';
import { RegisterNodeDto } from './manager/register-node.dto.js';

describe('the API token rule', () => {
  it.each([
    ['a generated token', 'Yq3v9T1oJ0bqzq5fR1lZ0o3m2x5c8v7b6n4m1k2j3h4'],
    ['every printable ASCII character', Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index)).join('')],
    ['one character', 'x'],
    ['512 characters', 'x'.repeat(512)],
  ])('accepts %s', (_case, token) => {
    expect(isApiToken(token)).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['513 characters', 'x'.repeat(513)],
    ['CR/LF', 'token\r\nX-Forged: 1'],
    ['a lone LF', 'token\nsecond'],
    ['a space', 'two words'],
    ['a tab', 'tab\there'],
    ['DEL', 'del\x7f'],
    ['NUL', 'nul\x00'],
    ['a non-ASCII letter', 'tökén'],
    ['a number', 12345],
    ['nothing', undefined],
  ])('refuses %s', (_case, token) => {
    expect(isApiToken(token)).toBe(false);
  });
});

describe('RegisterNodeDto.token', () => {
  const problems = async (body: object) =>
    (await validate(plainToInstance(RegisterNodeDto, body))).flatMap((error) => Object.values(error.constraints ?? {}));

  it('accepts a token by the rule', async () => {
    expect(await problems({ url: 'http://pi:7001', token: 'compute-token-0123456789' })).toEqual([]);
  });

  it.each([
    ['a forged log line', 'abc\r\n2026-12-01 22:01:03 ERROR [Nodes] forged'],
    ['a space', 'compute token'],
    ['600 characters', 'y'.repeat(600)],
    ['nothing', ''],
  ])('refuses %s with the rule, never the value', async (_case, token) => {
    const messages = await problems({ url: 'http://pi:7001', token });
    expect(messages).toEqual([`token must be ${API_TOKEN_RULE}`]);
    expect(messages.join()).not.toContain(token || 'never');
  });

  it('refuses a token that is not a string', async () => {
    expect(await problems({ url: 'http://pi:7001', token: 42 })).toContain('token must be a string');
  });
});
