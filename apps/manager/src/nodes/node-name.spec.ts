import { NODE_NAME_PATTERN } from '@tinystack/contracts';
import { defaultNodeName } from './node-name.js';

const none = () => false;

describe('defaultNodeName', () => {
  it('uses the host name as it is when it is a valid, free name', () => {
    expect(defaultNodeName('pi-node-1', none)).toBe('pi-node-1');
  });

  it('adds -2, -3... when the name is taken', () => {
    const taken = new Set(['pi', 'pi-2']);
    expect(defaultNodeName('pi', (name) => taken.has(name))).toBe('pi-3');
  });

  it('replaces characters a name cannot hold and never starts with a separator', () => {
    expect(defaultNodeName('_my pi!', none)).toBe('my-pi-');
  });

  it('falls back to "node" for a host name with nothing usable', () => {
    expect(defaultNodeName('***', none)).toBe('node');
    expect(defaultNodeName('', none)).toBe('node');
  });

  it('stays within 63 characters, suffix included', () => {
    const long = 'a'.repeat(80);
    const name = defaultNodeName(long, (candidate) => candidate === 'a'.repeat(63));
    expect(name).toBe(`${'a'.repeat(61)}-2`);
    expect(name).toMatch(NODE_NAME_PATTERN);
  });
});
