/**
 * Minimal `.npy` and `.safetensors` writers for the tests, written from the
 * format specifications (numpy.lib.format; huggingface/safetensors README),
 * independently of the parsers under test.
 */

/** An `.npy` file of the given descr and shape holding `data` (raw little-endian bytes). */
export function npyBytes(data: Uint8Array, descr: string, shape: readonly number[], options: { version?: 1 | 2; fortran?: boolean } = {}): Uint8Array {
  const version = options.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - pre - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), pre);
  out.set(data, total);
  return out;
}

/** Raw little-endian bytes of float32 values. */
export function f32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** Raw little-endian bytes of float64 values. */
export function f64Bytes(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** Raw little-endian bytes of 16-bit patterns (f16 or bf16). */
export function u16Bytes(bits: readonly number[]): Uint8Array {
  return new Uint8Array(Uint16Array.from(bits).buffer);
}

/** One tensor for {@link safetensorsBytes}: dtype name, shape, raw bytes. */
export interface TensorSpec {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

/**
 * A `.safetensors` file: tensors stored in the given order (data_offsets
 * consecutive), header JSON padded with spaces to a multiple of 8 bytes.
 */
export function safetensorsBytes(tensors: Readonly<Record<string, TensorSpec>>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let at = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + t.data.length] };
    at += t.data.length;
  }
  let json = JSON.stringify(header);
  json = json.padEnd(Math.ceil(json.length / 8) * 8, ' ');
  const jsonBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + jsonBytes.length + at);
  new DataView(out.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  let p = 8 + jsonBytes.length;
  for (const t of Object.values(tensors)) {
    out.set(t.data, p);
    p += t.data.length;
  }
  return out;
}
