import { describe, expect, it } from 'vitest';
import { expandSweepText } from '../../src/sweep/expand.js';
import { largestFirst, workEstimate } from '../../src/sweep/schedule.js';

const TEXT = `name: order
workers: { count: 2, batchSize: 4 }
model: { kind: logistic-regression, features: 8, trainSamples: 64, testSamples: 16 }
training: { iterations: 10 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
sweep:
  grid:
    workers.count: [2, 8, 4]
    training.iterations: [10, 30]
  seeds: [1, 2]
`;

describe('pool order (largest first)', () => {
  const sweep = expandSweepText(TEXT, 'order.yaml');

  it('estimates a point by iterations × schemes × workers', () => {
    const two = expandSweepText(TEXT.replace('schemes:\n', 'schemes:\n  - name: again\n    uplink: { compressor: { kind: identity } }\n'), 'two.yaml');
    expect(sweep.points.map((p) => workEstimate(p.scenario))).toEqual([20, 60, 80, 240, 40, 120].flatMap((x) => [x, x]));
    expect(two.points.map((p) => workEstimate(p.scenario))).toEqual([40, 120, 160, 480, 80, 240].flatMap((x) => [x, x]));
  });

  it('queues the largest points first, ties in sweep order, every point once', () => {
    const order = largestFirst(sweep.points);
    const sizes = order.map((p) => workEstimate(p.scenario));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBe(240);
    expect(order.map((p) => p.index).sort((a, b) => a - b)).toEqual(sweep.points.map((p) => p.index));
    expect(sizes.filter((s, i) => s === sizes[i - 1]).length).toBe(6); // each size twice (two seeds)
    for (let i = 1; i < order.length; i++) {
      if (sizes[i] === sizes[i - 1]) expect(order[i]!.index).toBeGreaterThan(order[i - 1]!.index);
    }
  });
});
