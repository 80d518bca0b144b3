import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { checkMessages, schemaMessages } from '../../src/scenario/messages.js';
import { scenarioError } from './thrown.js';

const problems = (text: string) => scenarioError(() => parseScenario(text, 'm.yaml')).problems.map(({ line: _l, col: _c, file: _f, ...p }) => p);

describe('the scenario checks speak from the catalog', () => {
  it('a cross-field check: a parameter server on a ring', () => {
    expect(problems('name: m\nnetwork: { topology: ring }\nschemes: [{ name: ps }]\n')).toEqual([checkMessages.serverOnRing('schemes[0]')]);
  });

  it('a schema refinement: k and ratio both given', () => {
    const [p] = problems('name: m\nschemes: [{ name: t, uplink: { compressor: { kind: topk, k: 3, ratio: 0.1 } } }]\n');
    expect(p).toMatchObject({ path: 'schemes[0].uplink.compressor', expected: schemaMessages.kOrRatio });
  });

  it('a data check: more iid workers than samples', () => {
    expect(problems('name: m\nworkers: { count: 20 }\nmodel: { kind: logistic-regression, trainSamples: 10 }\nschemes: [{ name: d }]\n')).toContainEqual(
      checkMessages.iidTooManyWorkers(10, 20, 'model.trainSamples'),
    );
  });
});
