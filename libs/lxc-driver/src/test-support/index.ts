export * from './lxc-test-environment.js';
export * from './strict-process-runner.fake.js';
