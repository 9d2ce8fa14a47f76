export * from './foreign-elf.js';
