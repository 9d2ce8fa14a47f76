export * from './error.dto.js';
export * from './health.dto.js';
export * from './instance-name.js';
export * from './instance-requests.dto.js';
export * from './instance.dto.js';
export * from './led.dto.js';
export * from './usage.dto.js';
export * from './manager/index.js';
