export * from './emulated-ht16k33.js';
