export type { paths as ComputeApiPaths, components as ComputeApiComponents } from './generated/compute-api.js';
export * from './compute-api.types.js';
export * from './compute-client.errors.js';
export * from './compute-client.js';
export * from './compute-node-api.js';
export { formatBytes } from './node-http.fetch.js';
export * from './compute-streams.js';
