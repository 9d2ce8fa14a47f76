import type { Readable } from 'node:stream';
import type { CgroupSetting } from '../container-limits.js';
import type {
  AttachCommand,
  CgroupLayout,
  ContainerSettings,
  ContainerSettingsChange,
  ContainerSnapshot,
  CreateFromRootfsOptions,
  LiveLimitProblem,
  ContainerDetails,
  ContainerExecRequest,
  ContainerExecResult,
  ContainerSummary,
  CreateContainerOptions,
  InterruptedChange,
  LxcAvailability,
  StopContainerOptions,
} from '../container.js';
import { LxcDriver } from '../lxc-driver.js';

type DriverMethod = Exclude<keyof LxcDriver, 'constructor'>;

interface ExpectedCall {
  method: DriverMethod;
  args: unknown[];
  answer: () => Promise<unknown>;
}

/**
 * An LxcDriver that only accepts the calls queued with `expect`, in order and
 * with equal arguments; anything else fails the test (also via `verify()`,
 * because the code under test may swallow the thrown error).
 */
export class StrictLxcDriver extends LxcDriver {
  private readonly queue: ExpectedCall[] = [];
  private readonly violations: string[] = [];

  /** `answer` may be a promise: the call answers when it settles (to hold a change open). */
  expect(method: DriverMethod, args: unknown[], answer: unknown = undefined): this {
    this.queue.push({ method, args, answer: () => Promise.resolve(answer) });
    return this;
  }

  expectFailure(method: DriverMethod, args: unknown[], error: Error): this {
    this.queue.push({ method, args, answer: () => Promise.reject(error) });
    return this;
  }

  verify(): void {
    const left = this.queue.splice(0).map((call) => `Expected call never made: ${describe(call.method, call.args)}`);
    const problems = [...this.violations.splice(0), ...left];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  override checkAvailability(): Promise<LxcAvailability> {
    return this.called('checkAvailability', []) as Promise<LxcAvailability>;
  }
  override list(): Promise<ContainerSummary[]> {
    return this.called('list', []) as Promise<ContainerSummary[]>;
  }
  override listingFingerprint(): Promise<string> {
    return this.called('listingFingerprint', []) as Promise<string>;
  }
  override lxcPath(): Promise<string | null> {
    return this.called('lxcPath', []) as Promise<string | null>;
  }
  override get(name: string): Promise<ContainerDetails> {
    return this.called('get', [name]) as Promise<ContainerDetails>;
  }
  override create(options: CreateContainerOptions): Promise<void> {
    return this.called('create', [options]) as Promise<void>;
  }
  override start(name: string): Promise<void> {
    return this.called('start', [name]) as Promise<void>;
  }
  override stop(name: string, options: StopContainerOptions): Promise<void> {
    return this.called('stop', [name, options]) as Promise<void>;
  }
  override restart(name: string, options: StopContainerOptions): Promise<void> {
    return this.called('restart', [name, options]) as Promise<void>;
  }
  override rename(name: string, newName: string): Promise<void> {
    return this.called('rename', [name, newName]) as Promise<void>;
  }
  override destroy(name: string, options: { force: boolean }): Promise<void> {
    return this.called('destroy', [name, options]) as Promise<void>;
  }
  override createFromRootfs(options: CreateFromRootfsOptions): Promise<void> {
    return this.called('createFromRootfs', [options]) as Promise<void>;
  }
  override exportRootfs(name: string): Promise<Readable> {
    return this.called('exportRootfs', [name]) as Promise<Readable>;
  }
  override listSnapshots(name: string): Promise<ContainerSnapshot[]> {
    return this.called('listSnapshots', [name]) as Promise<ContainerSnapshot[]>;
  }
  override createSnapshot(name: string, comment: string): Promise<ContainerSnapshot> {
    return this.called('createSnapshot', [name, comment]) as Promise<ContainerSnapshot>;
  }
  override restoreSnapshot(name: string, lxcName: string): Promise<void> {
    return this.called('restoreSnapshot', [name, lxcName]) as Promise<void>;
  }
  override deleteSnapshot(name: string, lxcName: string): Promise<void> {
    return this.called('deleteSnapshot', [name, lxcName]) as Promise<void>;
  }
  override readSettings(name: string, layout: CgroupLayout): Promise<ContainerSettings> {
    return this.called('readSettings', [name, layout]) as Promise<ContainerSettings>;
  }
  override changeSettings(name: string, change: ContainerSettingsChange, layout: CgroupLayout): Promise<ContainerSettings> {
    return this.called('changeSettings', [name, change, layout]) as Promise<ContainerSettings>;
  }
  override applyLiveSettings(name: string, settings: readonly CgroupSetting[]): Promise<LiveLimitProblem[]> {
    return this.called('applyLiveSettings', [name, settings]) as Promise<LiveLimitProblem[]>;
  }
  override exec(name: string, request: ContainerExecRequest): Promise<ContainerExecResult> {
    return this.called('exec', [name, request]) as Promise<ContainerExecResult>;
  }
  /** Not a call to LXC (nothing runs): the command a real driver would give, without an lxcpath. */
  override attachCommand(name: string): AttachCommand {
    return { program: 'lxc-attach', args: ['-n', name, '--', '/bin/sh', '-l'] };
  }
  override finishInterruptedChanges(): Promise<InterruptedChange[]> {
    return this.called('finishInterruptedChanges', []) as Promise<InterruptedChange[]>;
  }

  private called(method: DriverMethod, args: unknown[]): Promise<unknown> {
    const actual = describe(method, args);
    const next = this.queue.shift();
    const expected = next && describe(next.method, next.args);
    if (!next || expected !== actual) {
      const message = next ? `Expected ${expected}\n     but got ${actual}` : `Unexpected call: ${actual}`;
      this.violations.push(message);
      return Promise.reject(new Error(message));
    }
    return next.answer();
  }
}

function describe(method: string, args: unknown[]): string {
  return `${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}
