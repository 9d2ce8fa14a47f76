import { chartSegments } from './usage-chart';

describe('chartSegments', () => {
  it('spreads the points over the width by time and puts 0 at the bottom and max at the top', () => {
    expect(chartSegments([0, 1000, 2000], [0, 50, 100], 100, 30_000)).toEqual(['0.0,100.0 160.0,50.0 320.0,0.0']);
  });

  it('clamps values outside 0..max to the edges', () => {
    expect(chartSegments([0, 1000], [-5, 250], 100, 30_000)).toEqual(['0.0,100.0 320.0,0.0']);
  });

  it('breaks the line where the points pause longer than the gap', () => {
    const times = [0, 10_000, 20_000, 100_000, 110_000];
    expect(chartSegments(times, [10, 10, 10, 20, 20], 100, 30_000)).toEqual([
      '0.0,90.0 29.1,90.0 58.2,90.0',
      '290.9,80.0 320.0,80.0',
    ]);
  });
});
