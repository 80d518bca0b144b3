import { describe, expect, it } from 'vitest';
import { canonicalJson, RUN_ID_LENGTH, runId, sha256 } from '../../src/run/run-id.js';
import type { Scenario } from '../../src/scenario/schema.js';

describe('canonical JSON', () => {
  it('sorts every mapping’s keys, nested ones too, and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,1]},"b":1}');
  });

  it('is the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(canonicalJson({ y: { q: null, p: true }, x: 1 }));
  });

  it('drops undefined fields of a mapping, writes undefined in a list as null, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts keys by code unit, not locale (upper case before lower)', () => {
    expect(canonicalJson({ b: 0, B: 0, a: 0 })).toBe('{"B":0,"a":0,"b":0}');
  });
});

describe('run ids', () => {
  it('sha256 is the standard digest in hex (FIPS 180-2 test vectors)', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('are the first 12 hex digits of sha256 of {run, scenario} in canonical JSON (digests from Python’s hashlib)', () => {
    const s = { b: [2, null], a: 1 } as unknown as Scenario;
    expect(RUN_ID_LENGTH).toBe(12);
    expect(runId(s, 0)).toBe('f3ffe32b8af8'); // sha256('{"run":0,"scenario":{"a":1,"b":[2,null]}}')
    expect(runId(s, 1)).toBe('d4e1445f7f52');
  });
});
