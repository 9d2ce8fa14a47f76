import { parse as parseQueryString } from 'node:querystring';
import { HttpException } from '@nestjs/common';
import {
  assertDeclaredLengthWithin,
  assertJsonBodyHeaders,
  assertNoPrototypeKeys,
  declaresBody,
  jsonNestingDepth,
  MAX_JSON_NESTING_DEPTH,
  parseJsonBody,
} from './json-body.js';

/** The status and the answer an exception becomes. */
function refusal(work: () => unknown): { status: number; message: string; details?: string[] } {
  try {
    work();
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    const { message, details } = error.getResponse() as { message: string; details?: string[] };
    return { status: error.getStatus(), message, ...(details ? { details } : {}) };
  }
  throw new Error('expected a refusal');
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('jsonNestingDepth', () => {
  it.each([
    ['{}', 1],
    ['{"a": [1, {"b": []}]}', 4],
    ['"[[[[{{{{"', 0],
    ['{"a": "\\"[[[", "b": {"c": "\\\\"}}', 2],
    ['[], [[]]', 2],
    ['42', 0],
  ])('counts %s as %i levels', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
  });

  it('counts a body 1,000,000 levels deep without recursion', () => {
    expect(jsonNestingDepth(nested(1_000_000))).toBe(1_000_000);
  });
});

describe('parseJsonBody', () => {
  const parse = (text: string) => parseJsonBody(Buffer.from(text, 'utf8'));

  it('answers the object of a UTF-8 JSON body, a byte-order mark allowed', () => {
    expect(parse('{"name": "web1", "start": true}')).toEqual({ name: 'web1', start: true });
    expect(parse('\uFEFF{"name": "wéb"}')).toEqual({ name: 'wéb' });
  });

  it(`accepts ${MAX_JSON_NESTING_DEPTH} levels and refuses one more with a 400, 3000 too`, () => {
    const deep = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(parse(deep(MAX_JSON_NESTING_DEPTH))).toHaveProperty('a');
    for (const depth of [MAX_JSON_NESTING_DEPTH + 1, 3000, 200_000]) {
      expect(refusal(() => parse(deep(depth)))).toEqual({ status: 400, message: 'The JSON body is nested deeper than 32 levels' });
    }
  });

  it.each([
    ['{"name": ', 'The request body is not valid JSON: it ends before the JSON is complete'],
    ['{not json', "The request body is not valid JSON: expected property name or '}' (at line 1, column 2)"],
    ['{"a": 1,\n "b": 2,\n}', 'The request body is not valid JSON: expected double-quoted property name (at line 3, column 1)'],
  ])('refuses %j, saying what is wrong and where', (text, message) => {
    expect(refusal(() => parse(text))).toEqual({ status: 400, message });
  });

  it.each([
    ['a bare word', '{"url": "http://pi:7001",\n "token": secret-token-value}'],
    ['form fields', 'url=http%3A%2F%2Fpi&token=secret-token-value'],
  ])('refuses %s as JSON without quoting any of the body', (_case, text) => {
    const answer = refusal(() => parse(text));
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/^The request body is not valid JSON/);
    expect(answer.message).not.toContain('secret');
    expect(answer.message).not.toContain('"');
  });

  it.each([['[1, 2]'], ['"text"'], ['42'], ['null']])('refuses %s: a body is a JSON object', (text) => {
    expect(refusal(() => parse(text))).toEqual({ status: 400, message: 'The request body must be a JSON object' });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(refusal(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])))).toEqual({
      status: 400,
      message: 'The request body is not valid UTF-8',
    });
  });

  it('refuses prototype keys at any depth, in the words of any unknown property', () => {
    expect(refusal(() => parse('{"name": "web1", "__proto__": {"isAdmin": true}}'))).toEqual({
      status: 400,
      message: 'property __proto__ should not exist (allowed properties are listed in the API documentation)',
      details: ['property __proto__ should not exist (allowed properties are listed in the API documentation)'],
    });
    const deep = refusal(() => parse('{"a": {"constructor": {"prototype": 1}}, "list": [{"prototype": 2}]}'));
    expect(deep.details).toEqual([
      'property a.constructor should not exist (allowed properties are listed in the API documentation)',
      'property list[0].prototype should not exist (allowed properties are listed in the API documentation)',
    ]);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('keeps ordinary keys that merely resemble them', () => {
    expect(parse('{"proto": 1, "constructors": 2, "__proto": 3}')).toEqual({ proto: 1, constructors: 2, __proto: 3 });
  });
});

describe('assertNoPrototypeKeys (query strings)', () => {
  it('refuses a prototype key of a null-prototype object, as the query parser makes them', () => {
    const query = parseQueryString('__proto__=x&page=2');
    expect(Object.keys(query)).toEqual(['__proto__', 'page']);
    expect(refusal(() => assertNoPrototypeKeys(query)).details).toEqual([
      'property __proto__ should not exist (allowed properties are listed in the API documentation)',
    ]);
    expect(() => assertNoPrototypeKeys({ page: '2' })).not.toThrow();
  });
});

describe('request headers', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '12' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
  ])('%j declares a body: %s', (headers, expected) => {
    expect(declaresBody(headers)).toBe(expected);
  });

  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset="UTF-8"'],
    ['application/json; charset=utf8'],
  ])('accepts Content-Type %s', (type) => {
    expect(() => assertJsonBodyHeaders({ 'content-type': type })).not.toThrow();
  });

  it.each([
    ['application/x-www-form-urlencoded', 'was application/x-www-form-urlencoded'],
    ['text/plain;charset=UTF-8', 'was text/plain'],
    ['multipart/form-data; boundary=x', 'was multipart/form-data'],
    ['application/json-patch+json', 'was application/json-patch+json'],
    [undefined, 'had no Content-Type'],
    ['not a media type at all', 'was of another type'],
  ])('refuses Content-Type %s with a 415 naming the allowed type', (type, said) => {
    const answer = refusal(() => assertJsonBodyHeaders(type === undefined ? {} : { 'content-type': type }));
    expect(answer.status).toBe(415);
    expect(answer.message).toBe(
      `This API takes request bodies as JSON only: send them with "Content-Type: application/json" (this one ${said})`,
    );
  });

  it('refuses other charsets and compressed bodies with a 415', () => {
    expect(refusal(() => assertJsonBodyHeaders({ 'content-type': 'application/json; charset=latin1' }))).toEqual({
      status: 415,
      message: 'JSON request bodies must be UTF-8: send "charset=utf-8" or no charset',
    });
    expect(refusal(() => assertJsonBodyHeaders({ 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(415);
  });

  it('refuses a declared length over the limit with a 413 that says the limit', () => {
    expect(() => assertDeclaredLengthWithin({ 'content-length': '65536' }, 65536)).not.toThrow();
    expect(refusal(() => assertDeclaredLengthWithin({ 'content-length': '65537' }, 65536))).toEqual({
      status: 413,
      message: 'The request body is too large: this route accepts at most 64 KB',
    });
    expect(refusal(() => assertDeclaredLengthWithin({ 'content-length': '2000' }, 1000)).message).toContain('at most 1000 bytes');
    expect(refusal(() => assertDeclaredLengthWithin({ 'content-length': '3000000' }, 2 * 1024 * 1024)).message).toContain('at most 2 MB');
  });
});
