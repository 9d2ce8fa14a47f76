/**
 * A stand-in that fails the test on any use: for a dependency the code under
 * test must not touch at all.
 */
export function untouchable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      // Promise resolution and inspection probe for `then` and symbols; those are not uses.
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new Error(`${name}.${String(property)} was used, but this test expects no use of ${name}`);
    },
  });
}
