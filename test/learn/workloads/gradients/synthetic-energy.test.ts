import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/learn/backend.js';
import { TopKWorkspace, topKIndices } from '../../../../src/learn/compress/select.js';
import { loadMnist } from '../../../../src/learn/data/mnist.js';
import { Cnn } from '../../../../src/learn/models/cnn.js';
import { Mlp } from '../../../../src/learn/models/mlp.js';
import { SoftmaxRegression } from '../../../../src/learn/models/softmax.js';
import type { TfClassifier } from '../../../../src/learn/models/tf-classifier.js';
import { SyntheticGradientSource } from '../../../../src/learn/workloads/gradients/synthetic.js';
import type { GradientLayer } from '../../../../src/learn/workloads/gradients/source.js';
import { RandomStreams } from '../../../../src/sim/random.js';

/**
 * The synthetic source's default options are calibrated so that Top-k keeps
 * as much of a gradient's energy as it does on real gradients. The real side
 * is measured here, not hard-coded: mini-batch gradients (batch 32) of the
 * three MNIST models (softmax regression, MLP 784-128-10, LeNet-style CNN) at
 * their initial weights and after 30 and 150 SGD steps (learning rate 0.1),
 * two batches each. For each Top-k fraction the range [min, max] of
 * ‖C(g)‖²/‖g‖² over those gradients must contain the synthetic source's value.
 */

const FRACTIONS = [0.001, 0.01, 0.1] as const;
const CHECKPOINTS = [0, 30, 150];
const BATCH = 32;
const LEARNING_RATE = 0.1;

/** ‖C(g)‖²/‖g‖² for C = Top-k with k = round(fraction·d) (gradwire's own selection). */
function capturedEnergy(g: Float32Array, fraction: number, ws: TopKWorkspace): number {
  const k = Math.max(1, Math.round(fraction * g.length));
  let kept = 0;
  for (const i of topKIndices(g, k, ws)) kept += (g[i] as number) ** 2;
  let total = 0;
  for (const v of g) total += v * v;
  return kept / total;
}

/** A convnet-like profile of 2.1 M parameters: kernels growing with depth, small norm/bias layers between, a large classifier. */
const profile: GradientLayer[] = [
  ...Array.from({ length: 16 }, (_, i) => [
    { name: `conv${i}`, size: 1_728 * 2 ** Math.floor(i / 4) * (i + 1) },
    { name: `norm${i}`, size: 128 * (i + 1) },
  ]).flat(),
  { name: 'fc', size: 1_025_000 },
];

describe('Top-k captured energy: synthetic source (default options) vs real MNIST gradients', () => {
  const real: number[][] = FRACTIONS.map(() => []);
  const ws = new TopKWorkspace();
  const models: TfClassifier[] = [];

  beforeAll(async () => {
    await initBackend();
    const streams = new RandomStreams(12, 0);
    const data = loadMnist(streams.stream('data'), { trainSamples: 2_000, testSamples: 100 });
    models.push(await SoftmaxRegression.create(data), await Mlp.create(data), await Cnn.create(data));
    for (const m of models) {
      const w = m.init(streams.stream(`init/${m.name}`));
      const batches = streams.stream(`batches/${m.name}`);
      const batch = () => Int32Array.from({ length: BATCH }, () => batches.int(m.nTrain));
      for (let step = 0; step <= (CHECKPOINTS.at(-1) as number); step++) {
        const g = m.gradient(w, batch());
        if (CHECKPOINTS.includes(step)) {
          for (const h of [g, m.gradient(w, batch())]) FRACTIONS.forEach((f, i) => real[i]?.push(capturedEnergy(h, f, ws)));
        }
        for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - LEARNING_RATE * (g[j] as number);
      }
    }
  });

  afterAll(() => models.forEach((m) => m.dispose()));

  it('lies inside the range measured on the MNIST models at 0.1 %, 1 % and 10 %', () => {
    const source = new SyntheticGradientSource(profile, new RandomStreams(12, 0).stream('gradients/synthetic'));
    const g = new Float32Array(source.dim);
    FRACTIONS.forEach((f, i) => {
      const lo = Math.min(...(real[i] as number[]));
      const hi = Math.max(...(real[i] as number[]));
      for (const [t, w] of [
        [1, 0],
        [2, 3],
        [5, 1],
      ] as const) {
        source.next(t, w, g);
        const e = capturedEnergy(g, f, ws);
        expect(e, `Top-${f * 100} %: synthetic ${e}, MNIST [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
        expect(e, `Top-${f * 100} %: synthetic ${e}, MNIST [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
      }
    });
  });
});
