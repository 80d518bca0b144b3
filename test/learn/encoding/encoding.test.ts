import { describe, expect, it } from 'vitest';
import { layoutOf, qsgdValue, type Indexing, type MessageDraft, type ValueCode, type ValueCodeKind } from '../../../src/learn/compress/message.js';
import { randomIndices, sharedRandomIndices } from '../../../src/learn/compress/shared-indices.js';
import { Encoding, INDEX_CODINGS, RAW32, indexWidth, levelWidth, type HeaderCoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStream } from '../../../src/sim/random.js';

const rng = new RandomStream(9, 0, 'encoding-test');
const VALUE_KINDS: ValueCodeKind[] = ['fp32', 'fp64', 'sign-scale', 'qsgd'];
const HEADERS: HeaderCoding[] = ['none', 'count32'];

/** k values consistent with a value code of the given kind. */
function valuesFor(kind: ValueCodeKind, k: number): { values: Float32Array; valueCode: ValueCode } {
  switch (kind) {
    case 'fp32':
    case 'fp64':
      return { values: Float32Array.from({ length: k }, () => rng.normal() * 10 ** rng.int(6)), valueCode: { kind } };
    case 'sign-scale': {
      const scale = Math.fround(0.1 + rng.uniform());
      return { values: Float32Array.from({ length: k }, () => (rng.uniform() < 0.5 ? -scale : scale)), valueCode: { kind, scale } };
    }
    case 'qsgd': {
      const s = 1 + rng.int(9);
      const norm = Math.fround(1 + rng.uniform());
      const levels = Int32Array.from({ length: k }, () => rng.int(2 * s + 1) - s);
      return { values: Float32Array.from(levels, (l) => qsgdValue(norm, l, s)), valueCode: { kind, s, norm, levels } };
    }
  }
}

function sparse(dim: number, k: number, kind: ValueCodeKind, shared: boolean): MessageDraft {
  const indexing: Indexing = shared ? { kind: 'shared-seed', seed: 9, run: 0, stream: `test/${dim}/${k}` } : { kind: 'sent' };
  const indices = indexing.kind === 'shared-seed' ? sharedRandomIndices(indexing, dim, k) : randomIndices(rng, dim, k);
  return { kind: 'sparse', dim, indices, indexing, ...valuesFor(kind, k) };
}

function dense(dim: number, kind: ValueCodeKind): MessageDraft {
  return { kind: 'dense', dim, ...valuesFor(kind, dim) };
}

/** A spread of messages: every value code, dense and sparse, sent and shared indices, k from 0 to d. */
function messages(): MessageDraft[] {
  const out: MessageDraft[] = [];
  for (const kind of VALUE_KINDS) {
    for (const dim of [1, 2, 7, 64, 1000]) out.push(dense(dim, kind));
    for (const [dim, k] of [
      [1, 1],
      [2, 0],
      [2, 2],
      [7, 3],
      [1000, 1],
      [1000, 37],
      [1000, 1000],
      [(1 << 20) + 1, 200],
    ] as const) {
      out.push(sparse(dim, k, kind, false));
      out.push(sparse(dim, k, kind, true));
    }
  }
  return out;
}

describe('Encoding: bits() equals the serialized length and the payload round-trips', () => {
  const all = messages();
  for (const indices of INDEX_CODINGS) {
    for (const header of HEADERS) {
      it(`${indices} indices, header ${header}`, () => {
        const encoding = new Encoding({ indices, header });
        for (const m of all) {
          const payload = encoding.serialize(m);
          expect(payload.bits).toBe(encoding.bits(m));
          expect(payload.bytes.length).toBe(Math.ceil(payload.bits / 8));
          const back = encoding.deserialize(payload, layoutOf(m));
          expect(back).toEqual(encoding.price(m));
          if (m.kind === 'dense' || header === 'count32') {
            // Self-delimiting payloads also decode from whole bytes.
            expect(encoding.deserialize({ bytes: payload.bytes, bits: payload.bytes.length * 8 }, layoutOf(m))).toEqual(back);
          }
        }
      });
    }
  }
});

describe('Encoding: exact sizes', () => {
  const d = 1000;
  const m = sparse(d, 37, 'fp32', false);
  const k = 37;

  it('raw32: 32-bit index + value per pair; packed: CAT eq. 5 P^S(T) = T(⌈log2 d⌉ + FPP); bitmap: d bits', () => {
    expect(RAW32.bits(m)).toBe(k * 64);
    expect(new Encoding({ indices: 'packed' }).bits(m)).toBe(k * (10 + 32));
    expect(new Encoding({ indices: 'packed' }).bits({ ...m, ...valuesFor('fp64', k) })).toBe(k * (10 + 64));
    expect(new Encoding({ indices: 'bitmap' }).bits(m)).toBe(d + k * 32);
    expect(new Encoding({ indices: 'raw32', header: 'count32' }).bits(m)).toBe(32 + k * 64);
  });

  it('packed sign-scale: CAT P^SQ(T) = FPP + T⌈log2 d⌉, plus one sign bit per index', () => {
    const sq = sparse(d, k, 'sign-scale', false);
    expect(new Encoding({ indices: 'packed' }).bits(sq)).toBe(32 + k * 10 + k);
  });

  it('delta-varint: first index then gaps as LEB128, e.g. (3, 130, 131, 20000) → 03 7f 01 9d 9b 01', () => {
    const dv = new Encoding({ indices: 'delta-varint' });
    const msg4: MessageDraft = { kind: 'sparse', dim: 30_000, indices: Int32Array.from([3, 130, 131, 20_000]), indexing: { kind: 'sent' }, values: new Float32Array(4), valueCode: { kind: 'fp32' } };
    expect(dv.bits(msg4)).toBe(6 * 8 + 4 * 32);
    expect([...dv.serialize(msg4).bytes.subarray(0, 6)]).toEqual([0x03, 0x7f, 0x01, 0x9d, 0x9b, 0x01]);
    expect(dv.describe(msg4)).toBe('sparse: 6-byte delta-varint indices + 4×(32-bit fp32 value)');
  });

  it('states the classic encodings as before', () => {
    expect(RAW32.describe(m)).toBe(`sparse: ${k}×(32-bit index + 32-bit fp32 value)`);
    expect(RAW32.describe(dense(5, 'fp32'))).toBe('dense fp32: 5×32 bits');
    expect(new Encoding({ indices: 'bitmap', header: 'count32' }).describe(sparse(d, 3, 'sign-scale', false))).toBe('sparse: 32-bit count + 32-bit fp32 scale + 1000-bit bitmap + 3×(1-bit sign)');
  });

  it('bitsFor(layout, k) gives the exact bits of any k-value message (delta-varint: an even-gap estimate)', () => {
    for (const indices of ['raw32', 'packed', 'bitmap'] as const) {
      for (const kind of VALUE_KINDS) {
        const e = new Encoding({ indices, header: 'count32' });
        const x = sparse(d, 50, kind, false);
        expect(e.bitsFor(layoutOf(x), 50)).toBe(e.bits(x));
      }
    }
    const even: MessageDraft = {
      kind: 'sparse',
      dim: 1000,
      indices: Int32Array.from({ length: 10 }, (_, j) => 100 * (j + 1)),
      indexing: { kind: 'sent' },
      values: new Float32Array(10),
      valueCode: { kind: 'fp32' },
    };
    const dv = new Encoding({ indices: 'delta-varint' });
    expect(dv.bitsFor(layoutOf(even), 10)).toBe(dv.bits(even));
  });

  it('index and level widths are ⌈log2 d⌉ and ⌈log2(s+1)⌉', () => {
    expect([1, 2, 3, 4, 5, 1024, 1025].map(indexWidth)).toEqual([0, 1, 2, 2, 3, 10, 11]);
    expect([1, 2, 3, 4, 7, 8].map(levelWidth)).toEqual([1, 2, 2, 3, 3, 4]);
  });
});

describe('Encoding: malformed input', () => {
  it('rejects a payload whose length does not fit the layout, with the catalog message', () => {
    const m = sparse(100, 5, 'fp32', false);
    const payload = RAW32.serialize(m);
    expect(() => RAW32.deserialize({ bytes: payload.bytes, bits: payload.bits - 8 }, layoutOf(m))).toThrow(msg.malformedPayload(`${payload.bits - 8} bits are not a whole number of 64-bit entries`));
    expect(() => new Encoding({ indices: 'packed' }).deserialize({ bytes: new Uint8Array([0xff, 0xff]), bits: 16 }, { kind: 'sparse', dim: 100, value: 'sign-scale' })).toThrow(/cannot be decoded/);
  });

  it('refuses to encode values that their value code does not produce', () => {
    const bad: MessageDraft = { kind: 'sparse', dim: 4, indices: Int32Array.from([1]), indexing: { kind: 'sent' }, values: Float32Array.from([0.5]), valueCode: { kind: 'sign-scale', scale: 1 } };
    expect(() => RAW32.serialize(bad)).toThrow(/not ±1/);
  });

  it('rejects unknown index and header codings', () => {
    expect(() => new Encoding({ indices: 'huffman' as 'raw32' })).toThrow(msg.unknownIndexCoding('huffman', INDEX_CODINGS));
    expect(() => new Encoding({ header: 'count16' as 'none' })).toThrow(msg.unknownHeaderCoding('count16'));
  });
});
