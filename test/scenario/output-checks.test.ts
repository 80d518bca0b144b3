/** The output block's cross-field checks (src/scenario/output-checks.ts), through the scenario loader. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';

describe('output.diagnostics with buckets', () => {
  /** A ResNet-20 profile on 4 workers (buckets of 100 kB: several), with these schemes. */
  const profile = (schemes: string, model = 'kind: profile, name: resnet20', bucketBytes = 100000) => `name: x
workers: { count: 4, batchSize: 32 }
model: { ${model} }
training: { iterations: 2, buckets: { sizeBytes: ${bucketBytes} } }
output: { diagnostics: true }
schemes:
${schemes}`;
  const ps = (name: string, per = '') => `  - name: ${name}\n${per}    uplink: { compressor: { kind: topk, ratio: 0.01 } }\n`;

  it('refuses a parameter-server or gtopk scheme compressing bucket by bucket (the default): its diagnostic cells would be empty', () => {
    const text = profile(`${ps('a')}${ps('b', '    kind: gtopk\n')}${ps('c', '    compressPer: model\n')}  - name: ring\n    kind: ring-allreduce\n`);
    expect(() => parseScenario(text, 'x.yaml')).toThrow(
      'x.yaml:5:11: output.diagnostics: expected false when a parameter-server or gtopk scheme of a workload profile compresses bucket by bucket (compressPer: bucket, the default): ' +
        'the diagnostics are measured on the whole gradient, which such a scheme never compresses at once, given true, with compressPer: bucket on "a", "b"; set compressPer: model on those schemes, or drop output.diagnostics',
    );
  });

  it('takes them with compressPer: model, with a dense ring all-reduce per bucket (no diagnostics of its own), and for a trained model (one bucket)', () => {
    expect(parseScenario(profile(`${ps('a', '    compressPer: model\n')}  - name: ring\n    kind: ring-allreduce\n`), 'x.yaml').output.diagnostics).toBe(true);
    expect(parseScenario(profile(ps('a'), 'kind: logistic-regression, features: 8, trainSamples: 256, testSamples: 16'), 'x.yaml').output.diagnostics).toBe(true);
  });

  it('takes them when the whole profile fits one bucket (ResNet-20: 0.27 M parameters, 1.1 MB, under a 2 MB bucket)', () => {
    expect(parseScenario(profile(ps('a'), 'kind: profile, name: resnet20', 2e6), 'x.yaml').output.diagnostics).toBe(true);
    expect(() => parseScenario(profile(ps('a'), 'kind: profile, name: resnet20', 1e6), 'x.yaml')).toThrow(/output\.diagnostics: expected false/);
  });
});
