/**
 * An object of a port (an abstract class) that has only the methods a test
 * gives it. A call to any other is recorded and fails the test in `verify()`
 * (run it in afterEach): components catch errors to show them, so throwing
 * alone could go unnoticed.
 */
export class StrictFake<Port extends object> {
  readonly unexpectedCalls: string[] = [];
  readonly api: Port;

  constructor(port: abstract new (...args: never[]) => Port, methods: readonly (keyof Port & string)[], members: Partial<Port>) {
    const api = Object.create(port.prototype) as Record<string, unknown>;
    for (const method of methods) {
      api[method] =
        members[method] ??
        ((...args: unknown[]) => {
          this.unexpectedCalls.push(`${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
          return Promise.reject(new Error(`unexpected call of ${port.name}.${method}`));
        });
    }
    this.api = api as unknown as Port;
  }

  verify(): void {
    expect(this.unexpectedCalls, `calls of ${Object.getPrototypeOf(this.api).constructor.name} methods this test did not give`).toEqual([]);
  }
}
