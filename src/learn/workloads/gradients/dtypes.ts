/**
 * Little-endian floating-point element types a recorded gradient may use, and
 * their conversion to float32 — the one decoder behind `npy.ts` and
 * `safetensors.ts`, writing into a caller's buffer (no allocation of size d).
 */
export type FloatDtype = 'f16' | 'bf16' | 'f32' | 'f64';

/** Bytes per element. */
export const DTYPE_BYTES: Readonly<Record<FloatDtype, number>> = { f16: 2, bf16: 2, f32: 4, f64: 8 };

/** Whether this machine stores numbers little-endian (then aligned typed-array views read files directly). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable: Float32Array | undefined;

/** float32 value of every IEEE-754 half-precision bit pattern (256 KiB, built on first use). */
function halves(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65_536);
  for (let h = 0; h < 65_536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0)
      table[h] = sign * fraction * 2 ** -24; // subnormal (and ±0)
    else if (exponent === 31) table[h] = fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else table[h] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  halfTable = table;
  return table;
}

/**
 * Decode `out.length` little-endian elements of `dtype` from `bytes` (which
 * holds exactly out.length · DTYPE_BYTES[dtype] bytes) into `out`, rounding
 * float64 to the nearest float32; bf16 and f16 convert exactly.
 */
export function decodeFloats(dtype: FloatDtype, bytes: Uint8Array, out: Float32Array): void {
  const n = out.length;
  const aligned = LITTLE_ENDIAN && bytes.byteOffset % DTYPE_BYTES[dtype] === 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'f32':
      if (aligned) out.set(new Float32Array(bytes.buffer, bytes.byteOffset, n));
      else for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      return;
    case 'f64':
      if (aligned) out.set(new Float64Array(bytes.buffer, bytes.byteOffset, n));
      else for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
      return;
    case 'f16': {
      const table = halves();
      if (aligned) {
        const u16 = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
        for (let i = 0; i < n; i++) out[i] = table[u16[i] as number] as number;
      } else for (let i = 0; i < n; i++) out[i] = table[view.getUint16(2 * i, true)] as number;
      return;
    }
    case 'bf16': {
      // bfloat16 is the high half of a float32: write the bits straight into out.
      const bits = new Uint32Array(out.buffer, out.byteOffset, n);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return;
    }
  }
}
