import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorDto } from '@tinystack/contracts';
import { RetryLaterException } from './retry-later.exception.js';

/** Gives every error answer the one ErrorDto shape clients are generated against. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const body = withoutQueryString(this.toErrorDto(exception), http.getRequest<Request>());
    if (exception instanceof RetryLaterException) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    response.status(body.statusCode).json(body);
  }

  private toErrorDto(exception: unknown): ErrorDto {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const message = typeof raw === 'string' ? raw : messageText(fields['message']) ?? exception.message;
      const details = Array.isArray(fields['details']) ? fields['details'].map(String) : undefined;
      return { statusCode: status, error: reasonPhrase(status), message, ...(details ? { details } : {}) };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: reasonPhrase(HttpStatus.INTERNAL_SERVER_ERROR),
      message: 'Internal error: the server log has the details',
    };
  }
}

/**
 * Nest's 404 says "Cannot GET <url>" with the query string, which may hold a
 * token (?access_token=): no answer repeats one.
 */
function withoutQueryString(body: ErrorDto, request: Request | undefined): ErrorDto {
  const url = request?.originalUrl ?? request?.url;
  const query = url?.indexOf('?') ?? -1;
  if (!url || query < 0 || !body.message.includes(url)) return body;
  return { ...body, message: body.message.split(url).join(url.slice(0, query)) };
}

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  return undefined;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
