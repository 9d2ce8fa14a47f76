import { ManagerInvalidAnswerError, type InstanceDetails, type Operation } from '@tinystack/manager-client';
import { OperationFailedError } from '../cli.errors.js';
import { duration } from '../output/figures.js';
import { acceptedLine, failureOf, operationSubject } from '../output/operation-view.js';
import type { OptionSpecs, VerbCall } from './verb.js';

/** The option of every verb whose change is an operation. */
export const NO_WAIT_OPTION = {
  'no-wait': { type: 'boolean', description: "Print the operation's id and exit at once (follow it: tinystack operation ID --wait)" },
} as const satisfies OptionSpecs;

/** The help every such verb shares, after what it does; `waited` is how long it waits by default. */
export function operationHelp(waited: string): string {
  return (
    'The manager accepts the change at once as an operation; this prints it, then waits for its end (at most ' +
    `${waited}, or --http-timeout), and exits 0 once it succeeded, 1 when it failed (with the node's words) or ` +
    "still runs. With --no-wait: the operation's id only, exit 0. With --json: the operation at its end (with " +
    '--no-wait: as accepted).'
  );
}

export interface OperationRun {
  /** Sends the change: the operation as the manager accepted it. */
  start(): Promise<Operation>;
  /** How long to wait for its end, in all. */
  waitMs: number;
  /** The line once it succeeded. */
  done(operation: Operation): string;
  /** A rename's new name, for the line that says what is under way. */
  newName?: string;
}

/** Sends one change and, unless --no-wait, follows its operation to its end (see operationHelp). */
export async function runOperation(call: VerbCall, run: OperationRun): Promise<void> {
  const accepted = await run.start();
  if (call.flag('no-wait')) {
    if (call.json) call.out.json(accepted);
    else call.out.line(accepted.id);
    return;
  }
  if (!call.json) call.out.line(acceptedLine(accepted, run.newName));
  const ended = await waitForEnd(call, accepted, run.waitMs);
  if (call.json) call.out.json(ended);
  else if (ended.status === 'succeeded') call.out.line(run.done(ended));
  requireSuccess(ended, run.waitMs);
}

/** The operation at its end, or as it is once `waitMs` has passed. */
export function waitForEnd(call: VerbCall, operation: Operation, waitMs: number): Promise<Operation> {
  if (operation.status !== 'running') return Promise.resolve(operation);
  return call.manager().waitForOperation(operation.id, { timeoutMs: waitMs });
}

/** Exit 1 (with why) unless the operation succeeded. */
export function requireSuccess(operation: Operation, waitedMs: number): void {
  if (operation.status === 'running') {
    throw new OperationFailedError(
      `${operationSubject(operation)} is still running after ${duration(waitedMs)}; follow it: tinystack operation ${operation.id} --wait`,
    );
  }
  if (operation.status === 'failed') throw new OperationFailedError(failureOf(operation));
}

/** The instance a successful create, start, stop, restart or rename left; the manager's document promises one. */
export function resultOf(operation: Operation): InstanceDetails {
  if (!operation.result) throw new ManagerInvalidAnswerError(`${operationSubject(operation)} succeeded without the instance it left (operation ${operation.id})`);
  return operation.result;
}
