import { beforeAll, describe, expect, it } from 'vitest';
import type { RegressionDataset } from '../../../src/learn/data/dataset.js';
import { densify } from '../../../src/learn/data/sparse-csr.js';
import { makeSparseLinear, type SparseLinearDataset } from '../../../src/learn/data/sparse-linear.js';
import { LinearRegression } from '../../../src/learn/models/linear.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { relativeError } from '../logistic-reference.js';
import { weightsFrom } from './fixtures.js';

const streams = new RandomStreams(5, 0);
const L2 = 0.01;
let sparse: SparseLinearDataset;
let dense: RegressionDataset;
let sparseModel: LinearRegression;
let denseModel: LinearRegression;

const randomWeights = weightsFrom(streams);

beforeAll(async () => {
  sparse = makeSparseLinear({ nTrain: 900, d: 300, nonZeros: 12, weightStd: 2 }, streams.stream('data'));
  dense = { nTrain: sparse.nTrain, d: sparse.d, xTrain: densify(sparse.xTrain), yTrain: sparse.yTrain };
  sparseModel = await LinearRegression.create(sparse, { l2: L2 });
  denseModel = await LinearRegression.create(dense, { l2: L2 });
});

describe('LinearRegression on CSR rows', () => {
  it('equals the dense model on the same data densified: gradients, losses and L to 1e-6', () => {
    expect([sparseModel.storage, denseModel.storage]).toEqual(['csr', 'dense']);
    const batch = [0, 7, 7, 99, 123, 899, 250, 250, 3];
    for (const scale of [0, 1, 3]) {
      const w = randomWeights(sparse.d, scale, `w/${scale}`);
      expect(relativeError(sparseModel.gradient(w, batch), denseModel.gradient(w, batch))).toBeLessThan(1e-6);
      expect(relativeError(sparseModel.fullGradient(w), denseModel.fullGradient(w))).toBeLessThan(1e-6);
      expect(Math.abs(sparseModel.loss(w) - denseModel.loss(w))).toBeLessThan(1e-6 * denseModel.loss(w));
    }
    expect(Math.abs(sparseModel.smoothness() - denseModel.smoothness())).toBeLessThan(1e-6 * denseModel.smoothness());
  });

  it('finds the optimum by conjugate gradients equal to the dense Cholesky solution', () => {
    const cg = sparseModel.optimum!;
    const chol = denseModel.optimum!;
    expect(cg).toBeDefined();
    expect(chol).toBeDefined();
    expect(relativeError(cg.w, chol.w)).toBeLessThan(1e-6);
    expect(Math.abs(cg.loss - chol.loss)).toBeLessThan(1e-9 * chol.loss);
    // the gradient vanishes there (float32 rounding of w* only) and no nearby point is lower
    const g = sparseModel.fullGradient(cg.w);
    expect(Math.hypot(...g)).toBeLessThan(1e-5);
    const nudged = cg.w.map((v, j) => v + (j % 3 === 0 ? 1e-3 : 0));
    expect(sparseModel.loss(nudged)).toBeGreaterThan(cg.loss);
  });

  it('has no optimum with λ = 0 when the minimiser is not unique (fewer samples than features)', async () => {
    const few = makeSparseLinear({ nTrain: 50, d: 300, nonZeros: 12 }, streams.stream('few'));
    const model = await LinearRegression.create(few, { l2: 0 });
    expect(model.optimum).toBeUndefined();
    const regularised = await LinearRegression.create(few, { l2: 0.1 });
    expect(regularised.optimum).toBeDefined();
  });

  it('holds 8 bytes per non-zero (plus a row pointer per sample) and costs 4 FLOPs per stored entry', () => {
    const nnz = sparse.xTrain.indices.length;
    expect(sparseModel.featureBytes).toBe(8 * nnz + 4 * (sparse.nTrain + 1));
    expect(sparseModel.flopsPerSample).toBeCloseTo((4 * nnz) / sparse.nTrain, 12);
    expect(denseModel.flopsPerSample).toBe(4 * sparse.d);
  });

  it('trains at d = 10⁶ from sparse rows (the dense matrix would be 4 GB)', async () => {
    const big = makeSparseLinear({ nTrain: 1000, d: 1_000_000, nonZeros: 50 }, streams.stream('big'));
    const model = await LinearRegression.create(big, { l2: 1e-4 });
    expect(model.featureBytes).toBeLessThan(1e6);
    let w = model.init();
    const out = new Float32Array(model.dim);
    const batch = Int32Array.from({ length: 100 }, (_, i) => i * 10);
    const before = model.loss(w);
    for (let t = 0; t < 20; t++) {
      model.gradient(w, batch, out);
      w = w.map((v, j) => v - 5 * (out[j] as number));
    }
    expect(model.loss(w)).toBeLessThan(before);
  });
});
