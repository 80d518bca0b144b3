import { describe, expect, it } from 'vitest';
import { compositionProblems } from '../../src/scenario/compose.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/messages.js';

const scenario = (model: string, k: number) => `name: c
workers: { count: 2, batchSize: 8 }
model: ${model}
training: { iterations: 2 }
schemes:
  - name: topk
    uplink: { compressor: { kind: topk, k: ${k} }, errorFeedback: true }
`;

/** The problems the loader reports for a scenario text (none: it loads). */
function problems(text: string): string {
  try {
    compositionProblems(parseScenario(text, 'c.yaml'));
    return '';
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
}

describe('compositions: a budget k larger than the model', () => {
  // d written out from the architectures: 20 features; 784·10 + 10; conv 5·5·1·8 + 8, 5·5·8·16 + 16, dense 256·10 + 10
  it.each([
    ['logistic regression', '{ kind: logistic-regression, features: 20, trainSamples: 64, testSamples: 16 }', 20],
    ['MNIST softmax', '{ kind: mnist-softmax, trainSamples: 64, testSamples: 16 }', 7850],
    ['MNIST CNN', '{ kind: mnist-cnn, trainSamples: 64, testSamples: 16 }', 5994],
  ])('%s: k = d loads, k = d + 1 is refused naming d', (_, model, d) => {
    expect(problems(scenario(model, d))).toBe('');
    const refused = problems(scenario(model, d + 1));
    expect(refused).toContain('schemes[0].uplink.compressor.k');
    expect(refused).toContain(`k ≤ d = ${d}, the model’s parameter count`);
    expect(refused).toContain(`k = ${d + 1}`);
  });
});
