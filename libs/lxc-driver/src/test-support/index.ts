export * from './lxc-test-environment.js';
export * from './strict-process-runner.fake.js';
export * from './strict-lxc-driver.fake.js';
export * from './interrupted-create.js';
export * from './network-namespaces.js';
export * from './terminal-socket.js';
export * from './test-image.js';
