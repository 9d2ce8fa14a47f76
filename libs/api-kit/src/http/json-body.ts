import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { describeUnknownProperty } from './validation.pipe.js';

/** What a route accepts unless it declares more with @BodyLimit(). Every TinyStack request body is a few hundred bytes. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** Deeper than any DTO (they nest two or three levels), far below what could exhaust a stack. */
export const MAX_JSON_NESTING_DEPTH = 32;

export const JSON_MEDIA_TYPE = 'application/json';

/**
 * Keys that reach an object's prototype when copied by assignment (as
 * class-transformer does): refused anywhere in an input, like any key no DTO declares.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether the request carries a body, from its headers alone: a length over
 * zero or a chunked transfer. `Content-Length: 0` is no body, as many clients
 * send it with a bodiless POST.
 */
export function declaresBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && Number(length) > 0;
}

/** Refuses (415) a body that is not uncompressed UTF-8 JSON, before a byte of it is read. */
export function assertJsonBodyHeaders(headers: IncomingHttpHeaders): void {
  const [mediaType = '', ...parameters] = (headers['content-type'] ?? '').split(';').map((part) => part.trim());
  const type = mediaType.toLowerCase();
  if (type !== JSON_MEDIA_TYPE) {
    throw new UnsupportedMediaTypeException(
      `This API takes request bodies as JSON only: send them with "Content-Type: ${JSON_MEDIA_TYPE}" ` +
        `(this one ${type ? `was ${shownMediaType(type)}` : 'had no Content-Type'})`,
    );
  }
  const charset = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name?.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException('JSON request bodies must be UTF-8: send "charset=utf-8" or no charset');
  }
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new UnsupportedMediaTypeException('Compressed request bodies are not accepted: send the JSON without a Content-Encoding');
  }
}

/** A declared Content-Length over the limit is refused (413) without reading the body. */
export function assertDeclaredLengthWithin(headers: IncomingHttpHeaders, limitBytes: number): void {
  const length = Number(headers['content-length']);
  if (Number.isFinite(length) && length > limitBytes) throw bodyTooLarge(limitBytes);
}

export function bodyTooLarge(limitBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`The request body is too large: this route accepts at most ${describeBytes(limitBytes)}`);
}

/**
 * The value of a JSON body: a UTF-8 JSON object, nested at most
 * MAX_JSON_NESTING_DEPTH levels, without prototype keys. Every refusal is a
 * 400 that never quotes the body (it may hold a token).
 */
export function parseJsonBody(bytes: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestException('The request body is not valid UTF-8');
  }
  // Before JSON.parse, whose recursion a deep enough body would overflow.
  if (jsonNestingDepth(text) > MAX_JSON_NESTING_DEPTH) {
    throw new BadRequestException(`The JSON body is nested deeper than ${MAX_JSON_NESTING_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`The request body is not valid JSON${describeSyntaxError(error, text)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestException('The request body must be a JSON object');
  }
  assertNoPrototypeKeys(value);
  return value as Record<string, unknown>;
}

/**
 * The deepest nesting of objects and arrays in a JSON text, in one pass with
 * no recursion (brackets inside strings do not count). For a text that is
 * not JSON the figure means little; JSON.parse then says it is not JSON.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return deepest;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Refuses (400) any prototype key at any depth of a parsed input, naming
 * each with the wording of every other unknown property. The input is at
 * most MAX_JSON_NESTING_DEPTH deep, so the walk is shallow.
 */
export function assertNoPrototypeKeys(value: object): void {
  const found = prototypeKeyPaths(value, '');
  if (found.length === 0) return;
  const details = found.map(describeUnknownProperty);
  throw new BadRequestException({ message: details.join('; '), details });
}

function prototypeKeyPaths(value: object, path: string): string[] {
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) found.push(childPath);
    else if (typeof child === 'object' && child !== null) found.push(...prototypeKeyPaths(child, childPath));
  }
  return found;
}

/**
 * What JSON.parse found wrong, and where: V8's own words when they are one
 * of its fixed phrases ("Expected ',' or '}' after property value"), never
 * its quote of the text (the body may hold a token).
 */
function describeSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  if (/^Unexpected end of JSON input/.test(message)) return ': it ends before the JSON is complete';
  const found = /^(.+) in JSON at position (\d+)/.exec(message);
  if (!found || !FIXED_PHRASE.test(found[1]!)) return '';
  const position = Number(found[2]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `: ${found[1]!.charAt(0).toLowerCase()}${found[1]!.slice(1)} (at line ${line}, column ${column})`;
}

/** Words, and quoted characters only where V8 quotes JSON's own punctuation. */
const FIXED_PHRASE = /^(?:[A-Za-z -]|'[,}\]:]')+$/;

/** A media type shown back only when it looks like one (a header may hold anything). */
function shownMediaType(type: string): string {
  return /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/.test(type) ? type : 'of another type';
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
