import type { Scenario } from '../schema.js';
import type { MemoryItem } from './memory.js';
import { profileOf } from '../profile.js';

type ModelConfig = Scenario['model'];

/**
 * d of a scenario's model, from its configuration alone (nothing built):
 * the architectures' parameter counts (`test/scenario/estimate/memory.test.ts` checks each
 * against the built model).
 */
export function modelDim(m: ModelConfig): number {
  switch (m.kind) {
    case 'logistic-regression':
    case 'linear-regression':
    case 'quadratic':
      return m.features;
    case 'two-point':
      return 2;
    case 'mnist-softmax':
      return 784 * 10 + 10;
    case 'mnist-mlp':
      return 784 * m.hidden + m.hidden + m.hidden * 10 + 10;
    case 'mnist-cnn':
      // conv 5×5×1×8 + 8, conv 5×5×8×16 + 16, dense 256×10 + 10 (see models/cnn.ts)
      return 5 * 5 * 8 + 8 + (5 * 5 * 8 * 16 + 16) + (256 * 10 + 10);
    case 'profile':
      return profileOf(m).layers.reduce((n, l) => n + l.params, 0);
  }
}

/** The data set's bytes, as the model holds it (undefined: no data set of note). */
export function dataBytes(s: Scenario): MemoryItem | undefined {
  const m = s.model;
  switch (m.kind) {
    case 'logistic-regression': {
      const n = m.trainSamples + m.testSamples;
      if (m.nonZeros !== undefined) {
        // CSR: 4-byte index and 4-byte value per non-zero, a row pointer per sample, O(d) generator state
        return {
          what: `data set: ${n} samples × ${m.features} features, ~${m.nonZeros} non-zeros each (CSR)`,
          bytes: 8 * m.nonZeros * n + 8 * n + 32 * m.features,
          formula: '8 × nonZeros × (train + test) + 8 × (train + test) + 32d',
        };
      }
      // one host copy, read in place by the model
      return { what: `data set: ${n} samples × ${m.features} features, dense`, bytes: 4 * n * m.features, formula: '4 × (train + test) × d' };
    }
    case 'linear-regression': {
      const n = s.workers.count * m.samplesPerWorker;
      if (m.nonZeros !== undefined) {
        // as the sparse logistic data set, training samples only
        return {
          what: `data set: ${n} samples × ${m.features} features, ~${m.nonZeros} non-zeros each (CSR)`,
          bytes: 8 * m.nonZeros * n + 8 * n + 32 * m.features,
          formula: '8 × nonZeros × P × samplesPerWorker + 8 × P × samplesPerWorker + 32d',
        };
      }
      return { what: `data set: ${n} samples × ${m.features} features`, bytes: 4 * n * m.features, formula: '4 × P × samplesPerWorker × d' };
    }
    case 'mnist-softmax':
    case 'mnist-mlp':
    case 'mnist-cnn':
      return { what: 'MNIST digits (10 000 × 784, host and tensor copies)', bytes: 3 * 4 * 10_000 * 784, formula: '3 × 4 × 10 000 × 784' };
    default:
      return undefined;
  }
}

/**
 * A gradient source's bytes (profile models only): the synthetic source's
 * two tables (4 bytes per entry) and its shared component (4d); a recorded
 * source's read buffer (at most 8 bytes per coordinate, f64 on disk).
 */
export function sourceBytes(s: Scenario): MemoryItem | undefined {
  const m = s.model;
  if (m.kind !== 'profile') return undefined;
  const d = modelDim(m);
  const g = m.gradients;
  return g.kind === 'synthetic'
    ? { what: 'synthetic gradient source (tables and shared component)', bytes: 2 * 4 * g.tableSize + 4 * d, formula: '2 × 4 × tableSize + 4d' }
    : { what: 'recorded gradient source (read buffer)', bytes: 8 * d, formula: '8d' };
}
