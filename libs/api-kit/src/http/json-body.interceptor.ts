import { BadRequestException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { BODY_LIMIT, STREAMED_BODY } from './body-limit.decorator.js';
import {
  assertDeclaredLengthWithin,
  assertJsonBodyHeaders,
  assertNoPrototypeKeys,
  bodyTooLarge,
  declaresBody,
  DEFAULT_BODY_LIMIT_BYTES,
  parseJsonBody,
} from './json-body.js';

/**
 * The body parser of every TinyStack server (Nest's own is disabled: see
 * API_APPLICATION_OPTIONS). It runs once the route is known and the token
 * accepted, so a route can allow a larger body (@BodyLimit) and nobody
 * without the token gets a byte of a body read. It also refuses prototype
 * keys in the query string, which the query parser keeps as ordinary keys.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    assertNoPrototypeKeys(request.query);
    if (this.reflector.getAllAndOverride<boolean | undefined>(STREAMED_BODY, [context.getHandler(), context.getClass()])) return next.handle();
    const limit =
      this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT, [context.getHandler(), context.getClass()]) ??
      DEFAULT_BODY_LIMIT_BYTES;
    request.body = await readJsonBody(request, limit);
    return next.handle();
  }
}

/** The parsed body, or undefined when the request has none. */
export async function readJsonBody(request: Request, limitBytes: number): Promise<Record<string, unknown> | undefined> {
  if (!declaresBody(request.headers)) return undefined;
  if (request.readableEnded || request.body !== undefined) {
    throw new Error(
      'The request body was read before the JSON body parser: create the app with API_APPLICATION_OPTIONS ({ bodyParser: false })',
    );
  }
  assertJsonBodyHeaders(request.headers);
  assertDeclaredLengthWithin(request.headers, limitBytes);
  const bytes = await collectBody(request, limitBytes);
  return bytes.length === 0 ? undefined : parseJsonBody(bytes);
}

/**
 * Reads the body into memory, at most `limitBytes` of it: past that, the
 * rest is read and dropped (so that the connection stays usable and the
 * answer reaches the client) and the request is refused with a 413.
 */
function collectBody(request: Request, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      chunks.length = 0;
      request.resume();
      reject(bodyTooLarge(limitBytes));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away in the middle: nobody reads the answer, but it must not count as a server error.
    const onError = () => {
      stop();
      reject(new BadRequestException('The request body was cut off before its end'));
    };
    const onClose = () => {
      if (!request.readableEnded) onError();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
