import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorDto } from '@tinystack/contracts';
import {
  ContainerExistsError,
  ContainerNotFoundError,
  ContainerRunningError,
  LxcError,
  LxcTimeoutError,
  LxcUnavailableError,
} from '@tinystack/lxc-driver';

const STATUS_BY_ERROR: ReadonlyArray<[new (...args: never[]) => LxcError, HttpStatus, string]> = [
  [ContainerNotFoundError, HttpStatus.NOT_FOUND, 'Not Found'],
  [ContainerExistsError, HttpStatus.CONFLICT, 'Conflict'],
  [ContainerRunningError, HttpStatus.CONFLICT, 'Conflict'],
  [LxcUnavailableError, HttpStatus.SERVICE_UNAVAILABLE, 'Service Unavailable'],
  [LxcTimeoutError, HttpStatus.GATEWAY_TIMEOUT, 'Gateway Timeout'],
];

/** Turns the driver's errors into the API's statuses; the message is the driver's, written for a person. */
@Catch(LxcError)
export class LxcErrorFilter implements ExceptionFilter {
  catch(error: LxcError, host: ArgumentsHost): void {
    const [, statusCode, reason] = STATUS_BY_ERROR.find(([type]) => error instanceof type) ?? [
      LxcError,
      HttpStatus.INTERNAL_SERVER_ERROR,
      'Internal Server Error',
    ];
    const message = error.detail ? `${error.message}: ${error.detail}` : error.message;
    const body: ErrorDto = { statusCode, error: reason, message };
    host.switchToHttp().getResponse<Response>().status(statusCode).json(body);
  }
}
