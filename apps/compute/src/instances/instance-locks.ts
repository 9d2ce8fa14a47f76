import { GatewayTimeoutException, Injectable } from '@nestjs/common';
import { KeyedMutex } from './keyed-mutex.js';

export type InstanceChangeAction = 'create' | 'start' | 'stop' | 'restart' | 'rename' | 'delete' | 'change' | 'snapshot' | 'restore' | 'publish';

/**
 * One change at a time per instance, and what is changing right now: the
 * inventory hides an instance whose create is in progress, a read of it says
 * so, and a settled read waits for the change instead.
 */
@Injectable()
export class InstanceLocks {
  private readonly mutex = new KeyedMutex();
  private readonly inProgress = new Map<string, InstanceChangeAction>();

  /** Runs `change` holding the lock of every instance named (a rename holds both names). */
  run<T>(names: readonly string[], action: InstanceChangeAction, change: () => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(names, async () => {
      for (const name of names) this.inProgress.set(name, action);
      try {
        return await change();
      } finally {
        for (const name of names) this.inProgress.delete(name);
      }
    });
  }

  isBeingCreated(name: string): boolean {
    return this.inProgress.get(name) === 'create';
  }

  /**
   * Runs `read` under the instance's lock, so once every change queued on it
   * before has finished, and before any later one starts. Gives up with a 504
   * after `timeoutMs`; the queued read is then skipped.
   */
  async afterChanges<T>(name: string, timeoutMs: number, read: () => Promise<T>): Promise<T> {
    let gaveUp = false;
    let timer: NodeJS.Timeout | undefined;
    const settled = this.mutex.runExclusive([name], () => (gaveUp ? Promise.resolve(undefined as T) : read()));
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        const action = this.inProgress.get(name);
        reject(
          new GatewayTimeoutException(
            `Instance "${name}" is still changing after ${Math.round(timeoutMs / 1000)} s` +
              `${action ? ` (a ${action} is in progress)` : ''}; ask again later`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([settled, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
