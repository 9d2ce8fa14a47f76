/** Small settings the admin changes at run time (quota defaults, the class code), kept as JSON by key. */
export abstract class PreferenceRepository {
  abstract get(key: string): unknown;
  abstract set(key: string, value: unknown): void;
  abstract remove(key: string): void;
}
