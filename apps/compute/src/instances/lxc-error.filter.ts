import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorDto } from '@tinystack/contracts';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerIncompleteError,
  ContainerNotFoundError,
  ContainerNotRunningError,
  ContainerRunningError,
  LxcCommandError,
  LxcError,
  LxcTimeoutError,
  LxcUnavailableError,
  describeLxcFailure,
} from '@tinystack/lxc-driver';

const STATUS_BY_ERROR: ReadonlyArray<[new (...args: never[]) => LxcError, HttpStatus, string]> = [
  [ContainerNotFoundError, HttpStatus.NOT_FOUND, 'Not Found'],
  [ContainerExistsError, HttpStatus.CONFLICT, 'Conflict'],
  [ContainerRunningError, HttpStatus.CONFLICT, 'Conflict'],
  [ContainerNotRunningError, HttpStatus.CONFLICT, 'Conflict'],
  [ContainerBeingCreatedError, HttpStatus.CONFLICT, 'Conflict'],
  [ContainerIncompleteError, HttpStatus.CONFLICT, 'Conflict'],
  [LxcUnavailableError, HttpStatus.SERVICE_UNAVAILABLE, 'Service Unavailable'],
  [LxcTimeoutError, HttpStatus.GATEWAY_TIMEOUT, 'Gateway Timeout'],
  [LxcCommandError, HttpStatus.INTERNAL_SERVER_ERROR, 'Internal Server Error'],
];

/**
 * Turns the driver's errors into the API's statuses; the message is the
 * driver's, written for a person, with the tool's error output when there is
 * one. A failure of a tool the node does not know is a 500.
 */
@Catch(LxcError)
export class LxcErrorFilter implements ExceptionFilter {
  catch(error: LxcError, host: ArgumentsHost): void {
    const [, statusCode, reason] = STATUS_BY_ERROR.find(([type]) => error instanceof type) ?? [
      LxcError,
      HttpStatus.INTERNAL_SERVER_ERROR,
      'Internal Server Error',
    ];
    const body: ErrorDto = { statusCode, error: reason, message: describeLxcFailure(error) };
    host.switchToHttp().getResponse<Response>().status(statusCode).json(body);
  }
}
