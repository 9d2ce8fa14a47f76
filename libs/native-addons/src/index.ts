export * from './elf-header.js';
export * from './native-addon.loader.js';
export * from './release-arch.js';
