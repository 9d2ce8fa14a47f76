import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { NodeJoinAnswerDto, type NodeJoinRequestDto } from '@tinystack/contracts';
import { answerMessage, NoAnswerError, requestJson } from './http-json.js';

/** A join bounds its call: the manager contacts the node (GET /health, /usage, /instances) before it answers. */
export const JOIN_REQUEST_TIMEOUT_MS = 30_000;
export const JOIN_ROUTE = '/api/nodes/join';

/** How a join attempt ended. */
export type JoinOutcome =
  | { kind: 'joined'; answer: NodeJoinAnswerDto }
  /** 401 or 403: the token is unknown, revoked or expired. Trying again cannot help. */
  | { kind: 'refused'; status: number; message: string }
  /** Anything else: the manager could not be reached, could not reach the node, or answered oddly. Worth trying again. */
  | { kind: 'failed'; message: string };

/** Port of the manager's join route, so that the join's state machine can be tested without a network. */
export abstract class ManagerJoinClient {
  abstract join(managerUrl: string, request: NodeJoinRequestDto): Promise<JoinOutcome>;
}

/** POST <managerUrl>/api/nodes/join over node:http(s); every answer is checked against the contract. */
@Injectable()
export class HttpManagerJoinClient extends ManagerJoinClient {
  override async join(managerUrl: string, request: NodeJoinRequestDto): Promise<JoinOutcome> {
    let answer;
    try {
      answer = await requestJson('POST', new URL(`${managerUrl}${JOIN_ROUTE}`), { body: request, timeoutMs: JOIN_REQUEST_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof NoAnswerError) return { kind: 'failed', message: error.message };
      throw error;
    }
    const { status } = answer;
    if (status === 200 || status === 201) {
      const body = plainToInstance(NodeJoinAnswerDto, answer.body);
      const problems = answer.body !== null && typeof answer.body === 'object' ? flatten(validateSync(body, { whitelist: true })) : ['it is not a JSON object'];
      if (problems.length > 0) return { kind: 'failed', message: `the manager's answer is not a join answer: ${problems.join('; ')}` };
      return { kind: 'joined', answer: body };
    }
    if (status === 401 || status === 403) return { kind: 'refused', status, message: answerMessage(answer) };
    if (status >= 300 && status < 400) {
      return { kind: 'failed', message: `the manager answered with a redirect to ${answer.location ?? 'nowhere'}, which a join does not follow: set MANAGER_URL to the manager's own address` };
    }
    if (status === 404) {
      return { kind: 'failed', message: `${managerUrl} has no join route (POST ${JOIN_ROUTE} answered 404): is it a TinyStack manager, and new enough to let boards join?` };
    }
    return { kind: 'failed', message: `the manager answered ${status}: ${answerMessage(answer)}` };
  }
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => `${path}${message}`),
    ...flatten(error.children ?? [], `${path}${error.property}.`),
  ]);
}
