import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { buildModel } from '../../src/run/build-model.js';
import { evalEveryOf, evaluationCost } from '../../src/run/eval-schedule.js';
import { RandomStreams } from '../../src/sim/index.js';
import type { Scenario } from '../../src/scenario/schema.js';

const ALL = new Set(['accuracy', 'grad_norm_sq', 'optimality']);
const scenarioFrom = (raw: Record<string, unknown>) => parseScenario(stringify(raw), 'test.yaml');
const modelOf = async (s: Scenario) => (await buildModel(s, new RandomStreams(s.seed, 0))).model;

describe('evalEvery: auto', () => {
  it('evaluates the default study every 20 iterations without its target (full-batch passes cost ~20 training steps), every 3 with it (time to target within 1 %)', async () => {
    const s = loadScenario('scenarios/default.yaml');
    expect(s.training.evalEvery).toBe('auto');
    const model = await modelOf(s);
    const { evalFlops, stepFlops } = evaluationCost(s, model!, ALL);
    expect(evalFlops / stepFlops).toBeGreaterThan(10);
    expect(evalEveryOf(s, model, ALL)).toBe(300 / 100);
    const noTarget = { ...s, training: { ...s.training, stop: {} } } as Scenario;
    expect(evalEveryOf(noTarget, model, ALL)).toBe(300 / 15);
  });

  it('evaluates often when evaluation is cheap beside the step: many workers, few samples, or fewer metrics', async () => {
    const base = { name: 'e', training: { iterations: 1000 }, schemes: [{ name: 'a', uplink: { compressor: { kind: 'topk', ratio: 0.01 } } }] };
    const many = scenarioFrom({ ...base, workers: { count: 256, batchSize: 8 }, model: { kind: 'logistic-regression', features: 200, trainSamples: 2048, testSamples: 200 } });
    expect(evalEveryOf(many, await modelOf(many), new Set())).toBe(1); // the loss alone, over 8 samples per worker
    const few = scenarioFrom({ ...base, training: { iterations: 20_000 }, workers: { count: 4 }, model: { kind: 'logistic-regression', features: 200, trainSamples: 20_000, testSamples: 200 } });
    const model = await modelOf(few);
    const all = evalEveryOf(few, model, ALL);
    const lossOnly = evalEveryOf(few, model, new Set());
    expect(all).toBeGreaterThan(1);
    expect(lossOnly).toBeLessThan(all); // the loss alone is a third of the passes
    // the choice keeps evaluation within 1/3 of the steps between two evaluations
    const { evalFlops, stepFlops } = evaluationCost(few, model!, ALL);
    expect(evalFlops).toBeLessThanOrEqual((all * stepFlops) / 3);
    expect(evalFlops).toBeGreaterThan(((all - 1) * stepFlops) / 3);
  });

  it('takes a number as given, and evaluates a workload profile (no loss) every iteration', async () => {
    const set = scenarioFrom({ name: 'e', training: { iterations: 300, evalEvery: 7 }, schemes: [{ name: 'a', uplink: { compressor: { kind: 'identity' } } }] });
    expect(evalEveryOf(set, await modelOf(set), ALL)).toBe(7);
    const profile = scenarioFrom({
      name: 'p',
      workers: { count: 4, batchSize: 8 },
      model: { kind: 'profile', name: 'resnet20' },
      training: { iterations: 300 },
      schemes: [{ name: 'a', uplink: { compressor: { kind: 'identity' } } }],
    });
    expect(evalEveryOf(profile, undefined, ALL)).toBe(1);
  });

  it('refuses anything but a positive integer or auto, naming the field', () => {
    expect(() => scenarioFrom({ name: 'e', training: { evalEvery: 'sometimes' } })).toThrow(/training\.evalEvery/);
    expect(() => scenarioFrom({ name: 'e', training: { evalEvery: 0 } })).toThrow(/training\.evalEvery/);
  });
});
