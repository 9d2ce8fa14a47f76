export * from './exec.dto.js';
export * from './instance-figures.dto.js';
export * from './port-forward.dto.js';
export * from './terminal.js';
