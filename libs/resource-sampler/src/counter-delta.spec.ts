import { counterDelta } from './counter-delta.js';

describe('counterDelta', () => {
  it('is the growth of a counter', () => {
    expect(counterDelta(1000, 1250)).toBe(250);
  });

  it('counts a wrapped or reset counter (second value lower) as 0', () => {
    expect(counterDelta(4294967000, 120)).toBe(0);
  });
});
