/** The flags of scripts/node-flags.mjs, for TypeScript callers (tests, benchmarks, the release build). */
export declare function computeNodeFlags(major: number): string[];
export declare const COMPUTE_NODE_FLAGS: readonly string[];
/** Node flags the manager runs with: see node-flags.mjs. */
export declare const MANAGER_NODE_FLAGS: readonly string[];
