/**
 * A stand-in that has only the members given: touching any other member throws,
 * so code that uses more of a dependency than a test expects fails the test.
 * (`then` reads as absent so a fake can pass through promise resolution.)
 */
export function strictFake<T extends object>(name: string, members: Partial<T>): T {
  return new Proxy(members, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || property === 'then') return Reflect.get(target, property, receiver);
      if (!Object.hasOwn(target, property)) {
        throw new Error(`${name}: unexpected use of "${property}"`);
      }
      return Reflect.get(target, property, receiver);
    },
  }) as T;
}
