// A scenario several sweep tests expand and run.

/**
 * Dense SGD and Top-k (k = 4) with error feedback by two workers on logistic
 * regression, d = 40: each point runs in well under a second. `top` adds lines
 * right after the name (so that the lines after it move by as many).
 */
export const tiny = (iterations: number, top = '') => `name: tiny
${top}workers: { count: 2, batchSize: 8 }
model: { kind: logistic-regression, features: 40, trainSamples: 200, testSamples: 50 }
training: { iterations: ${iterations}, learningRate: 10 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk
    uplink: { compressor: { kind: topk, k: 4 }, errorFeedback: true }
`;

/** Dense SGD by two workers on logistic regression, d = 20, three iterations, with the `sweep:` block `sweep` (its lines indented). */
export const denseSweep = (sweep: string, name = 'tiny') => `name: ${name}
workers: { count: 2, batchSize: 8 }
model: { kind: logistic-regression, features: 20, trainSamples: 100, testSamples: 20 }
training: { iterations: 3, learningRate: 10 }
schemes:
  - name: dense
sweep:
${sweep}`;
