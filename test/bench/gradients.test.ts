import { describe, expect, it } from 'vitest';
import { benchLayers, fillLoop } from '../../src/bench/gradients.js';

describe('the gradients suite’s inputs', () => {
  it('splits d over layers growing by 3 % each, the remainder on the last, summing to d exactly', () => {
    // weights 1, 1.03, 1.0609 of 3.0909: ⌊323.5⌋, ⌊333.2⌋, ⌊343.2⌋ + the 1 left over
    expect(benchLayers(1000, 3)).toEqual([
      { name: 'layer0', size: 323 },
      { name: 'layer1', size: 333 },
      { name: 'layer2', size: 344 },
    ]);
  });

  it('serves ResNet-50’s 25,557,032 parameters in 161 tensors by default', () => {
    const layers = benchLayers();
    expect(layers).toHaveLength(161);
    expect(layers.reduce((n, l) => n + l.size, 0)).toBe(25_557_032);
  });

  it('fills the baseline vector with value × index', () => {
    const out = new Float32Array(4);
    fillLoop(out, 0.5);
    expect([...out]).toEqual([0, 0.5, 1, 1.5]);
  });
});
