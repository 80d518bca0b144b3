import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { didYouMean } from '../../src/text/did-you-mean.js';
import { rangeWords, withNullAndUnit } from '../../src/text/number-words.js';
import { fieldPath, problemLine, problemText } from '../../src/text/problem-text.js';
import { acceptsNull, keysAt, schemaAt, unitAt, unwrap } from '../../src/text/schema-walk.js';
import { MAX_QUOTED_TEXT, choiceWords, describeValue, valueAt } from '../../src/text/value-words.js';
import { offsetIn, pathKeys, positionIn } from '../../src/text/yaml-position.js';

describe('the words of a problem', () => {
  it('describes a given value briefly', () => {
    expect(describeValue(undefined)).toBe('nothing (the field is missing)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue('x'.repeat(MAX_QUOTED_TEXT))).toBe(`"${'x'.repeat(MAX_QUOTED_TEXT)}"`);
    expect(describeValue('x'.repeat(2 ** 20))).toBe(`"${'x'.repeat(MAX_QUOTED_TEXT - 1)}…"`);
    expect(describeValue([1, 2])).toBe('[1, 2]');
    expect(describeValue(['loss', true, null, -0])).toBe(`["loss", true, null, -0]`);
    expect(describeValue(Array.from({ length: 9 }, (_, i) => i))).toBe('a list of 9');
    expect(describeValue([[1], 2])).toBe('a list of 2');
    expect(describeValue(['x'.repeat(70)])).toBe('a list of 1');
    expect(describeValue([])).toBe('an empty list');
    expect(describeValue({ a: 1, b: 2 })).toBe('a mapping with keys "a", "b"');
    expect(describeValue({})).toBe('an empty mapping');
    expect(describeValue(3)).toBe('number 3');
    expect(describeValue(-0)).toBe('number -0');
    expect(describeValue(NaN)).toBe('number NaN');
    expect(describeValue(`${'x'.repeat(MAX_QUOTED_TEXT - 2)}😀😀`)).toBe(`"${'x'.repeat(MAX_QUOTED_TEXT - 2)}…"`);
    expect(describeValue(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])))).toBe('a mapping with keys "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7" and 12 more');
    expect(describeValue(false)).toBe('boolean false');
  });

  it('words choices and ranges', () => {
    expect(choiceWords(['a'])).toBe('"a"');
    expect(choiceWords(['full', 'half'])).toBe('"full" or "half"');
    expect(choiceWords([1, 'b', null])).toBe('one of 1, "b", null');
    expect(choiceWords([1n, NaN, Infinity])).toBe('one of 1n, NaN, Infinity');
    expect(choiceWords([])).toBe('nothing (no value is allowed)');
    expect(rangeWords({ min: 0 })).toBe('a finite number ≥ 0');
    expect(rangeWords({ above: 0, below: 1 })).toBe('a number in (0, 1)');
    expect(rangeWords({ min: 0, below: 1 })).toBe('a number in [0, 1)');
    expect(rangeWords({ integer: true, min: 1 })).toBe('a whole number ≥ 1');
    expect(rangeWords({ max: 5 })).toBe('a finite number ≤ 5');
    expect(rangeWords({})).toBe('a finite number');
    expect(withNullAndUnit('a finite number ≥ 0', true, 's')).toBe('a finite number ≥ 0 or null (s)');
    expect(withNullAndUnit('a finite number ≥ 0', false, '1')).toBe('a finite number ≥ 0');
    expect(withNullAndUnit('a text', false, null)).toBe('a text');
  });

  it('writes one problem as file:line:col: field: expected …, given …; hint', () => {
    expect(fieldPath(['schemes', 1, 'compressor', 'ratio'])).toBe('schemes[1].compressor.ratio');
    expect(fieldPath([0, 'at'])).toBe('[0].at');
    expect(fieldPath([])).toBe('');
    expect(fieldPath(['a', Symbol('s'), 'b'])).toBe('a.b');
    expect(problemLine({ path: '', expected: 'a mapping', given: 'a list of 2' })).toBe('(top level): expected a mapping, given a list of 2');
    expect(problemText('a.yaml', { path: 'seed', expected: 'a whole number ≥ 0', given: '"one"', hint: 'write digits', line: 2, col: 7 })).toBe(
      'a.yaml:2:7: seed: expected a whole number ≥ 0, given "one"; write digits',
    );
    expect(problemText('a.yaml', { path: 'seed', expected: 'x', given: 'y' })).toBe('a.yaml: seed: expected x, given y');
  });

  it('suggests a close name only', () => {
    expect(didYouMean('bandwidthBsp', ['bandwidthBps', 'latencyS'])).toBe('did you mean "bandwidthBps"?');
    expect(didYouMean('every', ['every', 'wireBytes'], 'ack.')).toBe('did you mean "ack.every"?');
    expect(didYouMean('zzzzzz', ['bandwidthBps'])).toBeUndefined();
    expect(didYouMean('a', [])).toBeUndefined();
  });
});

describe('walking a schema and a YAML file', () => {
  const Kind = z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), x: z.number().meta({ unit: 's' }) }), z.object({ kind: z.literal('b'), y: z.string().nullable() })]);
  const Root = z.object({ items: z.array(Kind).default([]), tags: z.record(z.string(), z.boolean()).optional() });

  it('finds the field at a path through lists, records and the branch the input picks', () => {
    const raw = {
      items: [
        { kind: 'a', x: 1 },
        { kind: 'b', y: null },
      ],
    };
    expect(unitAt(schemaAt(Root, ['items', 0, 'x'], raw))).toBe('s');
    expect(acceptsNull(schemaAt(Root, ['items', 1, 'y'], raw))).toBe(true);
    expect(acceptsNull(schemaAt(Root, ['items', 0, 'x'], raw))).toBe(false);
    expect(schemaAt(Root, ['items', 1, 'x'], raw)).toBeUndefined();
    expect(schemaAt(Root, ['tags', 'any'], {})).toBeDefined();
    expect(keysAt(Root, ['items', 1], raw)).toEqual(['kind', 'y']);
    expect(keysAt(Root, [], raw)).toEqual(['items', 'tags']);
    expect(keysAt(Root, ['items', 0, 'x'], raw)).toEqual([]);
    expect(unwrap(Root.shape.items).defaultValue).toEqual([]);
    expect(valueAt(raw, ['items', 1, 'kind'])).toBe('b');
    expect(valueAt(raw, ['items', 5, 'kind'])).toBeUndefined();
    expect(valueAt({}, ['constructor'])).toBeUndefined();
    expect(schemaAt(Root, ['constructor'], {})).toBeUndefined();
    expect(schemaAt(Root, ['items', 0, 'toString'], raw)).toBeUndefined();
  });

  it('places a field in its YAML file, or its nearest written parent', () => {
    const text = 'name: x\nworkers:\n  count: 3\nlist:\n  - a\n  - b\n';
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    expect(positionIn(doc, lines, ['workers', 'count'])).toEqual({ line: 3, col: 3 });
    expect(positionIn(doc, lines, ['list', 1])).toEqual({ line: 6, col: 5 });
    expect(positionIn(doc, lines, ['workers', 'device'])).toEqual({ line: 2, col: 1 });
    expect(positionIn(doc, lines, ['seed'])).toEqual({ line: 1, col: 1 });
    expect(offsetIn(doc, ['seed'])).toBeUndefined();
    expect(pathKeys('layers[3].params')).toEqual(['layers', 3, 'params']);
  });
});
