import { describe, expect, it } from 'vitest';
import * as msg from '../../../../src/learn/workloads/gradients/messages.js';
import { parseSafetensors, readSafetensorsHeader } from '../../../../src/learn/workloads/gradients/safetensors.js';
import { f32Bytes, f64Bytes, safetensorsBytes, u16Bytes } from './writers.js';

describe('parseSafetensors', () => {
  const w = Float32Array.from([1.5, -2, 0.125, 3e-8, 6]);
  const file = safetensorsBytes(
    {
      'layer.weight': { dtype: 'F32', shape: [5], data: f32Bytes(w) },
      'layer.bias': { dtype: 'F64', shape: [1, 2], data: f64Bytes(Float64Array.from([0.1, -0.2])) },
      half: { dtype: 'F16', shape: [2], data: u16Bytes([0x3c00, 0xb800]) }, // 1, −0.5
      brain: { dtype: 'BF16', shape: [3], data: u16Bytes([0x3f80, 0xc040, 0x0000]) }, // 1, −3, 0
    },
    { format: 'pt' },
  );

  it('reads F32, F64, F16 and BF16 tensors as float32, in header order, with metadata', () => {
    const tensors = parseSafetensors(file, 'g.safetensors');
    expect([...tensors.keys()]).toEqual(['layer.weight', 'layer.bias', 'half', 'brain']);
    expect(tensors.get('layer.weight')).toEqual(w);
    expect(Array.from(tensors.get('layer.bias') as Float32Array)).toEqual([Math.fround(0.1), Math.fround(-0.2)]);
    expect(Array.from(tensors.get('half') as Float32Array)).toEqual([1, -0.5]);
    expect(Array.from(tensors.get('brain') as Float32Array)).toEqual([1, -3, 0]);
    const header = readSafetensorsHeader(file, 'g.safetensors');
    expect(header.metadata).toEqual({ format: 'pt' });
    expect(header.tensors[1]).toMatchObject({ name: 'layer.bias', dtype: 'f64', shape: [1, 2], count: 2, begin: header.dataOffset + 20 });
  });

  it('names the file, the tensor, what was expected and what was found', () => {
    const ints = safetensorsBytes({ step: { dtype: 'I64', shape: [1], data: new Uint8Array(8) } });
    expect(() => parseSafetensors(ints, 'a.safetensors')).toThrow(msg.badFile('a.safetensors', 'tensor "step" of dtype F32, F16, BF16 or F64', 'dtype "I64"'));
    const wrongShape = safetensorsBytes({ w: { dtype: 'F32', shape: [4], data: f32Bytes(w) } });
    expect(() => parseSafetensors(wrongShape, 'b.safetensors')).toThrow(msg.badFile('b.safetensors', 'tensor "w" with data_offsets [begin, begin + 16] (4 × f32)', 'data_offsets [0,20]'));
    expect(() => parseSafetensors(file.subarray(0, file.length - 4), 'c.safetensors')).toThrow(/c\.safetensors: expected tensor "brain"'s data inside the file/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => parseSafetensors(huge, 'd.safetensors')).toThrow(msg.badFile('d.safetensors', 'a .safetensors header length in [2, 100000000] bytes', `${2n ** 40n}`));
    const notJson = new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7b, 0x20, 0x20]);
    expect(() => parseSafetensors(notJson, 'e.safetensors')).toThrow(/^e\.safetensors: expected a JSON header, found /);
  });
});
