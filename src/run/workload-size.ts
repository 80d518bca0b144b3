import type { Scenario } from '../scenario/schema.js';
import type { MemoryItem } from './memory.js';

type ModelConfig = Scenario['model'];

/**
 * d of a scenario's model, from its configuration alone (nothing built):
 * the architectures' parameter counts (`test/run/memory.test.ts` checks each
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
  }
}

/** The data set's bytes, as the model holds it (undefined: no data set of note). */
export function dataBytes(s: Scenario): MemoryItem | undefined {
  const m = s.model;
  switch (m.kind) {
    case 'logistic-regression': {
      const n = m.trainSamples + m.testSamples;
      // one host copy and one TensorFlow.js copy (Xᵀ) for full-data evaluation
      return { what: `data set: ${n} samples × ${m.features} features, dense`, bytes: 2 * 4 * n * m.features, formula: '2 × 4 × (train + test) × d' };
    }
    case 'linear-regression': {
      const n = s.workers.count * m.samplesPerWorker;
      return { what: `data set: ${n} samples × ${m.features} features`, bytes: 3 * 4 * n * m.features, formula: '3 × 4 × P × samplesPerWorker × d' };
    }
    case 'mnist-softmax':
    case 'mnist-mlp':
    case 'mnist-cnn':
      return { what: 'MNIST digits (10 000 × 784, host and tensor copies)', bytes: 3 * 4 * 10_000 * 784, formula: '3 × 4 × 10 000 × 784' };
    default:
      return undefined;
  }
}

/** A gradient source's bytes (profile models only). */
export function sourceBytes(_s: Scenario): MemoryItem | undefined {
  return undefined;
}
