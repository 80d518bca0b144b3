import { describe, expect, it } from 'vitest';
import { ProfileError, formatProfileProblem, parseProfile, profileDim, profileFlopsPerSample } from '../../../../src/learn/workloads/profiles/index.js';
import { profileMessages } from '../../../../src/learn/workloads/profiles/messages.js';
import { LAYER_FIELDS, TABLE_FIELDS } from '../../../../src/learn/workloads/profiles/table.js';

describe('a user’s profile table', () => {
  const ok = `name: tiny
source: "Me, my model, 2026"
layers:
  - { name: embed, params: 1000, forwardFlops: 0 }
  - { name: fc, params: 2010, forwardFlops: 4000, backwardFlops: 7000 }
  - { name: head, params: 20, forwardFlops: 80 }
`;
  const problems = (text: string, file = 'tiny.yaml') => {
    try {
      parseProfile(text, file);
    } catch (e) {
      expect(e).toBeInstanceOf(ProfileError);
      return e as ProfileError;
    }
    throw new Error('no error');
  };

  it('reads the layers in order, backward FLOPs defaulting to 2 × forward, the published count to the sum', () => {
    const p = parseProfile(ok, 'tiny.yaml');
    expect(p.layers.map((l) => l.name)).toEqual(['embed', 'fc', 'head']);
    expect(p.layers.map((l) => l.backwardFlops)).toEqual([0, 7000, 160]);
    expect(profileDim(p)).toBe(3030);
    expect(p.publishedParams).toBe(3030);
    expect(p.sampleUnit).toBe('sample');
    expect(profileFlopsPerSample(p)).toEqual({ forward: 4080, backward: 7160 });
  });

  it('names the file with the line and column, the field path, what was expected and what was given', () => {
    const err = problems(ok.replace('params: 2010', 'params: -5').replace('forwardFlops: 0', 'forwardFlops: "lots"'));
    expect(err.file).toBe('tiny.yaml');
    expect(err.problems).toEqual([
      { path: 'layers[0].forwardFlops', expected: 'a finite number ≥ 0', given: '"lots"', line: 4, col: 34 },
      { path: 'layers[1].params', expected: 'a whole number ≥ 0', given: 'number -5', line: 5, col: 17 },
    ]);
    expect(err.message).toBe(err.problems.map((p) => formatProfileProblem('tiny.yaml', p)).join('\n'));
    expect(err.message).toContain('tiny.yaml:5:17: layers[1].params: expected a whole number ≥ 0, given number -5');
  });

  it('says why a number written with separators is text, and what a misspelt field should be', () => {
    const err = problems(ok.replace('params: 2010', 'params: 2_010').replace('backwardFlops: 7000', 'backwardFlop: 7000'));
    expect(err.problems.map((p) => p.path)).toEqual(['layers[1].params', 'layers[1].backwardFlop']);
    expect(err.problems[0]!.hint).toBe(profileMessages.numberAsText('2_010'));
    expect(err.problems[1]!.hint).toBe('did you mean "backwardFlops"?');
    expect(problems(ok.replace('params: 20,', 'params: 2.5,')).problems[0]).toMatchObject({ path: 'layers[2].params', expected: 'a whole number ≥ 0', given: 'number 2.5' });
  });

  it('refuses duplicate layer names, a table without parameters, no layers, no mapping and bad YAML', () => {
    expect(problems(ok.replace('name: head', 'name: fc')).problems).toEqual([{ ...profileMessages.duplicateLayer(2, 'fc', 1), line: 6, col: 7 }]);
    const empty = 'name: x\nsource: y\nlayers:\n  - { name: a, params: 0, forwardFlops: 1 }\n';
    expect(problems(empty).problems).toEqual([{ ...profileMessages.noParameters(1), line: 3, col: 1 }]);
    expect(problems('name: x\nsource: y\nlayers: []\n').message).toBe('tiny.yaml:3:1: layers: expected a non-empty list, given an empty list');
    expect(problems('- a\n').problems).toEqual([profileMessages.notAMapping(['a'], TABLE_FIELDS, LAYER_FIELDS)]);
    expect(TABLE_FIELDS).toEqual(['name', 'description', 'source', 'sampleUnit', 'publishedParams', 'publishedParamsSource', 'layers']);
    expect(LAYER_FIELDS).toEqual(['name', 'params', 'forwardFlops', 'backwardFlops']);
    expect(problems('# nothing yet\n').problems[0]!.given).toBe('an empty file');
    expect(problems('name: [', 'broken.yaml').message).toMatch(/^broken\.yaml:1:\d+: \(top level\): expected valid YAML, given /);
    expect(problems('source: y\nlayers: []\n').problems[0]).toEqual({ path: 'name', expected: 'a text', given: 'nothing (the field is missing)', line: 1, col: 1 });
  });
});
