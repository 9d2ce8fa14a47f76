import { placementScore, rankForPlacement, type PlacementCandidate } from './placement.js';

function candidate(overrides: Partial<PlacementCandidate>): PlacementCandidate {
  return {
    nodeId: `id-${overrides.nodeName ?? 'x'}`,
    nodeName: 'x',
    cpuPercent: 0,
    memoryPercent: 0,
    runningInstances: 0,
    totalInstances: 0,
    reservedInstances: 0,
    ...overrides,
  };
}

describe('placementScore', () => {
  it('adds CPU percent, memory percent and 10 per running instance', () => {
    expect(placementScore(candidate({ cpuPercent: 12.5, memoryPercent: 40.25, runningInstances: 3 }))).toBe(82.8);
  });

  it('counts creates in flight like running instances', () => {
    expect(placementScore(candidate({ cpuPercent: 5, runningInstances: 1, reservedInstances: 2 }))).toBe(35);
  });

  it('is 0 for an idle, empty node', () => {
    expect(placementScore(candidate({}))).toBe(0);
  });
});

describe('rankForPlacement', () => {
  it('puts the lowest score first', () => {
    const ranked = rankForPlacement([
      candidate({ nodeName: 'busy', cpuPercent: 70, memoryPercent: 20 }),
      candidate({ nodeName: 'calm', cpuPercent: 10, memoryPercent: 20, runningInstances: 2 }),
    ]);
    expect(ranked.map(({ nodeName, score }) => [nodeName, score])).toEqual([
      ['calm', 50],
      ['busy', 90],
    ]);
  });

  it('counts running containers: equal CPU and memory, fewer running containers wins', () => {
    const ranked = rankForPlacement([
      candidate({ nodeName: 'a', cpuPercent: 5, memoryPercent: 30, runningInstances: 2, totalInstances: 2 }),
      candidate({ nodeName: 'b', cpuPercent: 5, memoryPercent: 30, runningInstances: 0, totalInstances: 4 }),
    ]);
    expect(ranked[0]!.nodeName).toBe('b');
  });

  it('spreads: a node with creates in flight loses to an equal one without', () => {
    const ranked = rankForPlacement([
      candidate({ nodeName: 'a', cpuPercent: 5, reservedInstances: 1 }),
      candidate({ nodeName: 'b', cpuPercent: 5 }),
    ]);
    expect(ranked.map(({ nodeName, score }) => [nodeName, score])).toEqual([
      ['b', 5],
      ['a', 15],
    ]);
  });

  it('breaks a tie by fewer instances, then by name', () => {
    const ranked = rankForPlacement([
      candidate({ nodeName: 'c', totalInstances: 1 }),
      candidate({ nodeName: 'b', totalInstances: 0 }),
      candidate({ nodeName: 'a', totalInstances: 1 }),
    ]);
    expect(ranked.map((entry) => entry.nodeName)).toEqual(['b', 'a', 'c']);
  });

  it('answers nothing for no candidate', () => {
    expect(rankForPlacement([])).toEqual([]);
  });
});

describe('placement of a create from an image', () => {
  it('takes 10 points off a node that has the image: a near-tie goes to it, a clear gap does not', () => {
    const near = rankForPlacement([
      candidate({ nodeName: 'lacks', cpuPercent: 5 }),
      candidate({ nodeName: 'has', cpuPercent: 12, imageCached: true }),
    ]);
    expect(near.map(({ nodeName, score, imageCached }) => [nodeName, score, imageCached])).toEqual([
      ['has', 2, true],
      ['lacks', 5, null],
    ]);
    const far = rankForPlacement([
      candidate({ nodeName: 'lacks', cpuPercent: 5 }),
      candidate({ nodeName: 'has', cpuPercent: 30, imageCached: true }),
    ]);
    expect(far[0]!.nodeName).toBe('lacks');
  });

  it('spreads copies once each node holds one create more than the other: the bonus is one running instance', () => {
    const ranked = rankForPlacement([
      candidate({ nodeName: 'has', reservedInstances: 2, imageCached: true }),
      candidate({ nodeName: 'lacks', reservedInstances: 0 }),
    ]);
    expect(ranked[0]!.nodeName).toBe('lacks');
  });
});
