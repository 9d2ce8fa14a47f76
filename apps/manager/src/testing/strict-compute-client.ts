import { isDeepStrictEqual } from 'node:util';
import type { CallOptions, ComputeNodeApi } from '@tinystack/compute-client';

type Method = Exclude<keyof ComputeNodeApi, 'close'>;
/** A call's arguments without its CallOptions. */
type Arguments<M extends Method> = Parameters<ComputeNodeApi[M]> extends [...infer Head, CallOptions] ? Head : never;
type Answer<M extends Method> = Awaited<ReturnType<ComputeNodeApi[M]>>;

/** An answer the test gives when it chooses: the call waits until then. */
export interface HeldCall<M extends Method> {
  /** True once the call was made. */
  readonly arrived: boolean;
  /** The call's options, once it arrived. */
  readonly options: CallOptions | undefined;
  answer(value: Answer<M>): void;
  fail(error: Error): void;
}

interface Expectation {
  method: Method;
  args: unknown[];
  outcome: (options: CallOptions) => Promise<unknown>;
}

export interface SeenCall {
  method: Method;
  args: unknown[];
  timeoutMs: number;
}

/**
 * The one fake compute node client of the manager's tests: it answers only
 * the calls a test expects (method and arguments, any order), each once, with
 * the answer, the error or the held answer the test gave; an unexpected call
 * fails the test, and so does an expected call never made (`verify()`).
 * Violations are recorded as well as thrown, because the code under test may
 * swallow what it throws.
 */
export class StrictComputeClient implements ComputeNodeApi {
  readonly calls: SeenCall[] = [];
  closed = false;
  private readonly expected: Expectation[] = [];
  private readonly violations: string[] = [];

  expect<M extends Method>(method: M, ...args: Arguments<M>) {
    const add = (outcome: Expectation['outcome']) => {
      this.expected.push({ method, args, outcome });
    };
    return {
      answers: (value: Answer<M>): void => add(async () => value),
      fails: (error: Error): void => add(async () => Promise.reject(error)),
      holds: (): HeldCall<M> => {
        let settle: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
        let options: CallOptions | undefined;
        let early: (() => void) | undefined;
        add((given) => {
          options = given;
          return new Promise((resolve, reject) => {
            settle = { resolve, reject };
            early?.();
          });
        });
        const later = (then: () => void) => (settle ? then() : (early = then));
        return {
          get arrived() {
            return settle !== undefined;
          },
          get options() {
            return options;
          },
          answer: (value) => later(() => settle!.resolve(value)),
          fail: (error) => later(() => settle!.reject(error)),
        };
      },
    };
  }

  /** Fails when a call went wrong or an expected call was never made. */
  verify(): void {
    const left = this.expected.map(({ method, args }) => `Expected call never made: ${describe(method, args)}`);
    this.expected.length = 0;
    const problems = [...this.violations.splice(0), ...left];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  health(options: CallOptions) {
    return this.call('health', [], options);
  }

  usage(options: CallOptions) {
    return this.call('usage', [], options);
  }

  listInstances(options: CallOptions) {
    return this.call('listInstances', [], options);
  }

  getInstance(id: string, options: CallOptions) {
    return this.call('getInstance', [id], options);
  }

  getSettledInstance(id: string, options: CallOptions) {
    return this.call('getSettledInstance', [id], options);
  }

  createInstance(body: Arguments<'createInstance'>[0], options: CallOptions) {
    return this.call('createInstance', [body], options);
  }

  actOnInstance(id: string, body: Arguments<'actOnInstance'>[1], options: CallOptions) {
    return this.call('actOnInstance', [id, body], options);
  }

  renameInstance(id: string, body: Arguments<'renameInstance'>[1], options: CallOptions) {
    return this.call('renameInstance', [id, body], options);
  }

  deleteInstance(id: string, query: { force?: boolean }, options: CallOptions) {
    return this.call('deleteInstance', [id, query], options);
  }

  exec(id: string, body: Arguments<'exec'>[1], options: CallOptions) {
    return this.call('exec', [id, body], options);
  }

  listPorts(id: string, options: CallOptions) {
    return this.call('listPorts', [id], options);
  }

  createPort(id: string, body: Arguments<'createPort'>[1], options: CallOptions) {
    return this.call('createPort', [id, body], options);
  }

  deletePort(id: string, hostPort: number, query: Arguments<'deletePort'>[2], options: CallOptions) {
    return this.call('deletePort', [id, hostPort, query], options);
  }

  patchInstance(id: string, body: Arguments<'patchInstance'>[1], options: CallOptions) {
    return this.call('patchInstance', [id, body], options);
  }

  listSnapshots(id: string, options: CallOptions) {
    return this.call('listSnapshots', [id], options);
  }

  createSnapshot(id: string, body: Arguments<'createSnapshot'>[1], options: CallOptions) {
    return this.call('createSnapshot', [id, body], options);
  }

  restoreSnapshot(id: string, snap: string, body: Arguments<'restoreSnapshot'>[2], options: CallOptions) {
    return this.call('restoreSnapshot', [id, snap, body], options);
  }

  deleteSnapshot(id: string, snap: string, options: CallOptions) {
    return this.call('deleteSnapshot', [id, snap], options);
  }

  imageCache(options: CallOptions) {
    return this.call('imageCache', [], options);
  }

  cachedImage(sha256: string, options: CallOptions) {
    return this.call('cachedImage', [sha256], options);
  }

  led(options: CallOptions) {
    return this.call('led', [], options);
  }

  identifyLed(body: Arguments<'identifyLed'>[0], options: CallOptions) {
    return this.call('identifyLed', [body], options);
  }

  close(): void {
    this.closed = true;
  }

  private call<M extends Method>(method: M, args: unknown[], options: CallOptions): Promise<Answer<M>> {
    this.calls.push({ method, args, timeoutMs: options.timeoutMs });
    const index = this.expected.findIndex((expected) => expected.method === method && isDeepStrictEqual(expected.args, args));
    if (index < 0) {
      const message = `Unexpected call: ${describe(method, args)}`;
      this.violations.push(message);
      return Promise.reject(new Error(message));
    }
    const [expected] = this.expected.splice(index, 1);
    return expected!.outcome(options) as Promise<Answer<M>>;
  }
}

function describe(method: string, args: unknown[]): string {
  return `${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}
