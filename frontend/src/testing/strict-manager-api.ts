import { ManagerApi } from '../app/api/manager-api';

const METHODS = [
  'listNodes',
  'registerNode',
  'createJoinToken',
  'listJoinTokens',
  'revokeJoinToken',
  'listDiscovered',
  'addDiscovered',
  'usageHistory',
  'led',
  'identify',
  'listInstances',
  'createInstance',
  'actOnInstance',
  'renameInstance',
  'deleteInstance',
  'listOperations',
  'operation',
  'eventLog',
] as const satisfies readonly (keyof ManagerApi)[];

// Every method of the port is listed: adding one to ManagerApi without listing it here fails to compile.
type Unlisted = Exclude<keyof ManagerApi, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/**
 * A ManagerApi that has only the methods a test gives it. A call to any
 * other is recorded and fails the test in `verify()` (run it in afterEach):
 * components catch errors to show them, so throwing alone could go unnoticed.
 */
export class StrictManagerApi {
  readonly unexpectedCalls: string[] = [];
  readonly api: ManagerApi;

  constructor(members: Partial<ManagerApi>) {
    const api = Object.create(ManagerApi.prototype) as Record<string, unknown>;
    for (const method of METHODS) {
      api[method] =
        members[method] ??
        ((...args: unknown[]) => {
          this.unexpectedCalls.push(`${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
          return Promise.reject(new Error(`unexpected call of ManagerApi.${method}`));
        });
    }
    this.api = api as unknown as ManagerApi;
  }

  verify(): void {
    expect(this.unexpectedCalls, 'calls of ManagerApi methods this test did not give').toEqual([]);
  }
}
