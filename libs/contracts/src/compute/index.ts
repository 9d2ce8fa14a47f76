export * from './create-instance.dto.js';
export * from './exec.dto.js';
export * from './image-cache.dto.js';
export * from './instance-figures.dto.js';
export * from './limits.dto.js';
export * from './port-forward.dto.js';
export * from './snapshot.dto.js';
export * from './terminal.js';
