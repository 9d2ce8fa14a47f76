/** The flags of scripts/node-flags.mjs, for TypeScript callers (tests, benchmarks). */
export declare const COMPUTE_NODE_FLAGS: readonly string[];
