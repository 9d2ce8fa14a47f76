export * from './scripted-manager.js';
export * from './manager-answers.fixtures.js';
