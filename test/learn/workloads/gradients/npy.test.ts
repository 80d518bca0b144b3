import { describe, expect, it } from 'vitest';
import * as msg from '../../../../src/learn/workloads/gradients/messages.js';
import { parseNpy, readNpyHeader } from '../../../../src/learn/workloads/gradients/npy.js';
import { f32Bytes, f64Bytes, npyBytes, u16Bytes } from './writers.js';

const values = Float32Array.from([0, -1.5, 3.25, 1e-30, -7e20, Math.PI]);

describe('parseNpy', () => {
  it('reads float32 vectors of format 1.0 and 2.0 bit for bit, data aligned or not', () => {
    for (const version of [1, 2] as const) {
      const bytes = npyBytes(f32Bytes(values), '<f4', [6], { version });
      expect(parseNpy(bytes, 'g.npy').data).toEqual(values);
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      expect(parseNpy(shifted.subarray(1), 'g.npy').data).toEqual(values); // a pooled Node Buffer may start anywhere
    }
  });

  it('reports dtype, shape, count and the data offset (the preamble padded to a multiple of 64)', () => {
    const h = readNpyHeader(npyBytes(f32Bytes(values), '<f4', [2, 3]), 'g.npy');
    expect(h).toEqual({ dtype: 'f32', shape: [2, 3], count: 6, dataOffset: 128 });
  });

  it('converts float64 to the nearest float32 and float16 exactly', () => {
    const doubles = Float64Array.from([0.1, -1e-40, 1e39, 2 / 3]);
    expect(Array.from(parseNpy(npyBytes(f64Bytes(doubles), '<f8', [4]), 'g.npy').data)).toEqual(Array.from(doubles, Math.fround));
    // 1, −2, 65504 (largest half), 2^−24 (smallest subnormal), −0, +∞
    const halves = parseNpy(npyBytes(u16Bytes([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00]), '<f2', [6]), 'g.npy').data;
    expect(Array.from(halves)).toEqual([1, -2, 65504, 2 ** -24, -0, Number.POSITIVE_INFINITY]);
  });

  it('accepts fortran_order True for a vector, not for a matrix', () => {
    expect(parseNpy(npyBytes(f32Bytes(values), '<f4', [6], { fortran: true }), 'g.npy').data).toEqual(values);
    expect(() => parseNpy(npyBytes(f32Bytes(values), '<f4', [2, 3], { fortran: true }), 'g.npy')).toThrow(
      msg.badFile('g.npy', 'C order (fortran_order False; save np.ascontiguousarray(g))', 'fortran_order True with shape (2, 3)'),
    );
  });

  it('names the file, what was expected and what was found', () => {
    expect(() => parseNpy(npyBytes(f32Bytes(values), '>f4', [6]), 'a.npy')).toThrow(msg.badFile('a.npy', "little-endian floats (descr '<f4', '<f2' or '<f8')", "descr '>f4'"));
    expect(() => parseNpy(npyBytes(f32Bytes(values), '<i4', [6]), 'a.npy')).toThrow(msg.badFile('a.npy', "little-endian floats (descr '<f4', '<f2' or '<f8')", "descr '<i4'"));
    expect(() => parseNpy(new TextEncoder().encode('PK\u0003\u0004 a zip'), 'b.npy')).toThrow(msg.badFile('b.npy', 'an .npy file (magic bytes \\x93NUMPY)', 'bytes 50 4b 03 04 20 61 20 7a'));
    const cut = npyBytes(f32Bytes(values), '<f4', [6]).subarray(0, 128 + 20);
    expect(() => parseNpy(cut, 'c.npy')).toThrow(msg.badFile('c.npy', '24 data bytes (6 × f32, shape (6))', '20'));
  });
});
