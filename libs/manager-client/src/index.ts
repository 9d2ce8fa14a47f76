export type { paths as ManagerApiPaths, components as ManagerApiComponents } from './generated/manager-api.js';
export * from './manager-api.types.js';
export * from './manager-client.errors.js';
export * from './manager-client.js';
