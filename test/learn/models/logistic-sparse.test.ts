import { beforeAll, describe, expect, it } from 'vitest';
import type { CsrMatrix, Dataset, SparseDataset } from '../../../src/learn/data/dataset.js';
import { densify, toCsr } from '../../../src/learn/data/sparse-csr.js';
import { makeSparseLogistic, type SparseLogisticDataset } from '../../../src/learn/data/sparse-logistic.js';
import { malformedCsr } from '../../../src/learn/data/sparse-messages.js';
import { makeSyntheticLogistic } from '../../../src/learn/data/synthetic-logistic.js';
import * as msg from '../../../src/learn/messages.js';
import { LogisticRegression } from '../../../src/learn/models/logistic.js';
import { csrGramMatVec, gramMatVec, powerIteration } from '../../../src/learn/smoothness.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { centralDifference } from '../finite-difference.js';
import { referenceBatchLoss, referenceGradient, referenceLoss, relativeError } from '../logistic-reference.js';
import { weightsFrom } from './fixtures.js';

const streams = new RandomStreams(11, 0);
const L2 = 0.01;
let sparse: SparseLogisticDataset;
/** The same data set with dense rows. */
let dense: Dataset;
let sparseModel: LogisticRegression;
let denseModel: LogisticRegression;

const randomWeights = weightsFrom(streams);

function densified(data: SparseDataset): Dataset {
  return { ...data, xTrain: densify(data.xTrain), xTest: densify(data.xTest) };
}

beforeAll(async () => {
  sparse = makeSparseLogistic({ nTrain: 400, nTest: 100, d: 600, nonZeros: 12, weightStd: 4 }, streams.stream('data'));
  dense = densified(sparse);
  sparseModel = await LogisticRegression.create(sparse, { l2: L2 });
  denseModel = await LogisticRegression.create(dense, { l2: L2 });
});

describe('LogisticRegression on CSR rows', () => {
  it('mini-batch and full gradients match the float64 reference (repeats counted with multiplicity)', () => {
    const batch = [0, 7, 7, 99, 123, 399, 250, 250, 3, 18, 42];
    const all = Int32Array.from({ length: sparse.nTrain }, (_, i) => i);
    for (const scale of [0, 1, 5]) {
      const w = randomWeights(sparse.d, scale, `w/${scale}`);
      expect(relativeError(sparseModel.gradient(w, batch), referenceGradient(dense, w, batch, L2))).toBeLessThan(1e-6);
      expect(relativeError(sparseModel.fullGradient(w), referenceGradient(dense, w, all, L2))).toBeLessThan(1e-6);
      expect(sparseModel.loss(w)).toBeCloseTo(referenceLoss(dense, w, L2), 10);
    }
  });

  it('gradients agree with central differences of the float64 loss', () => {
    // h = 1e-4: rows have unit norm, so the truncation error h²/6·|f'''| is ≲ 1e-9 (see logistic.test.ts)
    const batch = [1, 5, 5, 17, 42, 300];
    for (const scale of [0, 1, 4]) {
      const w = randomWeights(sparse.d, scale, `w/fd/${scale}`);
      const fd = centralDifference((x) => referenceBatchLoss(dense, x, batch, L2), w, 1e-4);
      expect(relativeError(sparseModel.gradient(w, batch), fd)).toBeLessThan(1e-5);
    }
  });

  it('equals the dense model on the same data densified: gradients, losses, accuracy and L to 1e-6', () => {
    const batch = Int32Array.from({ length: 32 }, (_, b) => (b * 37) % sparse.nTrain);
    for (const scale of [0, 1, 3]) {
      const w = randomWeights(sparse.d, scale, `w/eq/${scale}`);
      expect(relativeError(sparseModel.gradient(w, batch), denseModel.gradient(w, batch))).toBeLessThan(1e-6);
      expect(relativeError(sparseModel.fullGradient(w), denseModel.fullGradient(w))).toBeLessThan(1e-6);
      expect(Math.abs(sparseModel.loss(w) - denseModel.loss(w))).toBeLessThan(1e-6 * denseModel.loss(w));
      expect(Math.abs(sparseModel.testLoss(w) - denseModel.testLoss(w))).toBeLessThan(1e-6 * denseModel.testLoss(w));
      expect(sparseModel.accuracy(w)).toBe(denseModel.accuracy(w));
    }
    expect(Math.abs(sparseModel.smoothness() - denseModel.smoothness())).toBeLessThan(1e-6 * denseModel.smoothness());
  });

  it('runs dense synthetic data through CSR to the same numbers (toCsr of makeSyntheticLogistic with density 0.05)', async () => {
    const data = makeSyntheticLogistic({ nTrain: 300, nTest: 50, d: 400, density: 0.05 }, streams.stream('synthetic'));
    const asCsr: SparseDataset = { ...data, xTrain: toCsr(data.xTrain, 300, 400), xTest: toCsr(data.xTest, 50, 400) };
    const a = await LogisticRegression.create(data, { l2: L2 });
    const b = await LogisticRegression.create(asCsr, { l2: L2 });
    expect([a.storage, b.storage]).toEqual(['dense', 'csr']);
    const w = randomWeights(400, 1, 'w/synthetic');
    expect(relativeError(b.gradient(w, [3, 1, 4, 1, 5]), a.gradient(w, [3, 1, 4, 1, 5]))).toBeLessThan(1e-6);
    expect(Math.abs(b.loss(w) - a.loss(w))).toBeLessThan(1e-7);
    expect(b.flopsPerSample).toBe((4 * 300 * 20) / 300); // 20 non-zeros per sample
    expect(a.flopsPerSample).toBe(4 * 400);
  });

  it('counts 4 FLOPs per stored non-zero per sample and reads the data set’s own arrays (no copies)', () => {
    expect(sparseModel.flopsPerSample).toBe((4 * (sparse.xTrain.indptr[sparse.nTrain] as number)) / sparse.nTrain);
    const bytes = (x: CsrMatrix) => x.indptr.byteLength + x.indices.byteLength + x.values.byteLength;
    expect(sparseModel.featureBytes).toBe(bytes(sparse.xTrain) + bytes(sparse.xTest));
  });

  it('writes the gradient into the given buffer, identical to a new array, whatever the buffer held', () => {
    const w = randomWeights(sparse.d, 1, 'w/out');
    const out = new Float32Array(sparse.d).fill(Number.NaN);
    expect(sparseModel.gradient(w, [4, 8, 15], out)).toBe(out);
    expect(out).toEqual(sparseModel.gradient(w, [4, 8, 15]));
  });

  it('takes Float64Array row pointers (for more than 2³¹ non-zeros) with the same results', async () => {
    const wide: SparseDataset = {
      ...sparse,
      xTrain: { ...sparse.xTrain, indptr: Float64Array.from(sparse.xTrain.indptr) },
      xTest: { ...sparse.xTest, indptr: Float64Array.from(sparse.xTest.indptr) },
    };
    const model = await LogisticRegression.create(wide, { l2: L2 });
    const w = randomWeights(sparse.d, 1, 'w/wide');
    expect(model.gradient(w, [0, 1, 2])).toEqual(sparseModel.gradient(w, [0, 1, 2]));
    expect(model.loss(w)).toBe(sparseModel.loss(w));
  });

  it('refuses malformed CSR data, naming the matrix', async () => {
    const bad: SparseDataset = { ...sparse, xTest: { ...sparse.xTest, cols: 599 } };
    await expect(LogisticRegression.create(bad)).rejects.toThrow(/xTest/);
    const unsorted = sparse.xTrain.indices.slice();
    const [p, q] = [sparse.xTrain.indptr[0] as number, (sparse.xTrain.indptr[0] as number) + 1];
    [unsorted[p], unsorted[q]] = [unsorted[q] as number, unsorted[p] as number];
    await expect(LogisticRegression.create({ ...sparse, xTrain: { ...sparse.xTrain, indices: unsorted } })).rejects.toThrow(
      malformedCsr('xTrain', `row 0 has column ${unsorted[q]} after ${unsorted[p]} (columns ascending in [0, 600))`),
    );
    await expect(LogisticRegression.create({ ...sparse, yTrain: new Float32Array(3) })).rejects.toThrow(msg.dimensionMismatch('labels', 3, sparse.nTrain));
  });
});

describe('smoothness over CSR rows', () => {
  it('csrGramMatVec equals gramMatVec on the densified matrix', () => {
    const v = Float64Array.from(randomWeights(sparse.d, 1, 'v/gram'));
    const a = csrGramMatVec(sparse.xTrain)(v);
    const b = gramMatVec(dense.xTrain, sparse.nTrain, sparse.d)(v);
    expect(relativeError(a, b)).toBeLessThan(1e-12);
  });

  it('L = λ_max(XᵀX)/(4n) + λ matches an independent power iteration on the dense rows', () => {
    const top = powerIteration(sparse.d, gramMatVec(dense.xTrain, sparse.nTrain, sparse.d), {
      start: streams.stream('independent-start'),
      tolerance: 1e-13,
    });
    expect(Math.abs(sparseModel.smoothness() - (top.value / 4 + L2)) / sparseModel.smoothness()).toBeLessThan(1e-6);
  });
});
