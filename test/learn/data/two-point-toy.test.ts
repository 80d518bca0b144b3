import { describe, expect, it } from 'vitest';
import { makeTwoPointToy, twoPointToySettings } from '../../../src/learn/data/two-point-toy.js';

describe('makeTwoPointToy', () => {
  it('holds x₁ = [100, 1] and x₂ = [−100, 1], both labelled +1, test set = training set', () => {
    const data = makeTwoPointToy();
    expect([data.nTrain, data.nTest, data.d]).toEqual([2, 2, 2]);
    expect([...data.xTrain]).toEqual([100, 1, -100, 1]);
    expect([...data.yTrain]).toEqual([1, 1]);
    expect(data.xTest).toEqual(data.xTrain);
    expect(data.yTest).toEqual(data.yTrain);
  });

  it("carries the paper's run settings: 2 workers, one point each, w⁰ = [0, 1], η = 0.9, Top-1", () => {
    const s = twoPointToySettings();
    expect(s.parts.map((p) => [...p])).toEqual([[0], [1]]);
    expect([...s.init]).toEqual([0, 1]);
    expect([s.workers, s.learningRate, s.k, s.iterations]).toEqual([2, 0.9, 1, 100]);
    s.init[0] = 5;
    expect(twoPointToySettings().init[0]).toBe(0); // fresh arrays each call
  });
});
