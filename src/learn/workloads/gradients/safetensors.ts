import { decodeFloats, DTYPE_BYTES, type FloatDtype } from './dtypes.js';
import * as msg from './messages.js';

/**
 * Hugging Face's `.safetensors` format, read from bytes: no file I/O here
 * (`src/run` opens files). Layout: an unsigned 64-bit little-endian N, then N
 * bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, …,
 * "__metadata__"?: {string: string}}`, then the raw little-endian tensor
 * bytes; offsets count from the end of the JSON. Float tensors of dtype F32,
 * F16, BF16 and F64 are accepted (and converted to float32).
 */

/** One tensor of a `.safetensors` file. */
export interface SafetensorsTensor {
  readonly name: string;
  readonly dtype: FloatDtype;
  readonly shape: readonly number[];
  /** Elements: the product of the shape. */
  readonly count: number;
  /** Byte offset of its first element in the file (not in the data section). */
  readonly begin: number;
}

/** A parsed `.safetensors` header. */
export interface SafetensorsHeader {
  /** Tensors in the order they appear in the header JSON. */
  readonly tensors: readonly SafetensorsTensor[];
  /** Byte offset of the data section: 8 + N. */
  readonly dataOffset: number;
  /** The optional `__metadata__` strings. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Bytes to read first: the header length. */
export const SAFETENSORS_PREFIX_BYTES = 8;
/** Largest header the format allows (100 MB, as the reference implementation). */
const MAX_HEADER = 100_000_000;
const DTYPES: Readonly<Record<string, FloatDtype>> = { F32: 'f32', F16: 'f16', BF16: 'bf16', F64: 'f64' };

/**
 * The data section's offset (8 + N) from the file's first 8 bytes.
 * @param file the file's name, for errors
 */
export function safetensorsDataOffset(prefix: Uint8Array, file: string): number {
  if (prefix.length < 8) throw new Error(msg.badFile(file, 'a .safetensors file (an 8-byte header length first)', `a file of ${prefix.length} bytes`));
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n < 2n || n > BigInt(MAX_HEADER)) throw new Error(msg.badFile(file, `a .safetensors header length in [2, ${MAX_HEADER}] bytes`, `${n}`));
  return 8 + Number(n);
}

/**
 * Parse the header of a `.safetensors` file and check every tensor: a float
 * dtype, a whole-number shape whose product times the element size is its
 * byte range, the range inside the file.
 * @param bytes the file's first `safetensorsDataOffset` bytes at least
 * @param file the file's name, for errors
 * @param fileBytes the file's size, to check the ranges (default: bytes.length)
 */
export function readSafetensorsHeader(bytes: Uint8Array, file: string, fileBytes = bytes.length): SafetensorsHeader {
  const dataOffset = safetensorsDataOffset(bytes, file);
  if (bytes.length < dataOffset) throw new Error(msg.badFile(file, `a header of ${dataOffset} bytes`, `a file of ${bytes.length} bytes`));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataOffset)));
  } catch (e) {
    throw new Error(msg.badFile(file, 'a JSON header', `${(e as Error).message}`));
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(msg.badFile(file, 'a JSON object header', typeof json));
  const tensors: SafetensorsTensor[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) {
        throw new Error(msg.badFile(file, '"__metadata__" as an object of strings', JSON.stringify(value)));
      }
      metadata = value as Record<string, string>;
      continue;
    }
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    const where = `tensor "${name}"`;
    const dtype = typeof entry?.dtype === 'string' ? DTYPES[entry.dtype] : undefined;
    if (dtype === undefined) throw new Error(msg.badFile(file, `${where} of dtype F32, F16, BF16 or F64`, `dtype ${JSON.stringify(entry?.dtype)}`));
    const shape = entry?.shape;
    if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) {
      throw new Error(msg.badFile(file, `${where} with a shape of whole numbers`, `shape ${JSON.stringify(shape)}`));
    }
    const offsets = entry?.data_offsets;
    const [begin, end] = Array.isArray(offsets) ? (offsets as number[]) : [];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const span = count * DTYPE_BYTES[dtype];
    if (!(Number.isInteger(begin) && Number.isInteger(end) && (begin as number) >= 0 && (end as number) - (begin as number) === span)) {
      throw new Error(msg.badFile(file, `${where} with data_offsets [begin, begin + ${span}] (${count} × ${dtype})`, `data_offsets ${JSON.stringify(offsets)}`));
    }
    if (dataOffset + (end as number) > fileBytes) {
      throw new Error(msg.badFile(file, `${where}'s data inside the file (up to byte ${dataOffset + (end as number)})`, `a file of ${fileBytes} bytes`));
    }
    tensors.push({ name, dtype, shape: shape as number[], count, begin: dataOffset + (begin as number) });
  }
  return { tensors, dataOffset, metadata };
}

/**
 * Every tensor of a whole `.safetensors` file as float32, in header order
 * (allocates its result; a recorded source decodes slices instead).
 * @param file the file's name, for errors
 */
export function parseSafetensors(bytes: Uint8Array, file: string): Map<string, Float32Array> {
  const header = readSafetensorsHeader(bytes, file);
  const out = new Map<string, Float32Array>();
  for (const t of header.tensors) {
    const data = new Float32Array(t.count);
    decodeFloats(t.dtype, bytes.subarray(t.begin, t.begin + t.count * DTYPE_BYTES[t.dtype]), data);
    out.set(t.name, data);
  }
  return out;
}
