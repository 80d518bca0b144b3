import { decodeFloats, DTYPE_BYTES, type FloatDtype } from './dtypes.js';
import * as msg from './messages.js';

/**
 * NumPy's `.npy` format (numpy.lib.format, versions 1.0, 2.0 and 3.0), read
 * from bytes: no file I/O here (`src/run` opens files). Written by
 * `numpy.save`: the magic `\x93NUMPY`, a major and a minor version byte, the
 * header length (uint16 little-endian for v1, uint32 for v2/v3), a Python
 * dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (d,), }`
 * padded with spaces to a multiple of 64 bytes, then the raw elements.
 *
 * Parsed here rather than with the `npyjs` package (Apache-2.0): npyjs parses
 * an ArrayBuffer but pulls in `cross-fetch` for URL loading, needs the data
 * aligned in its own buffer (a Node Buffer from the pool is not), and checks
 * neither the data length against the shape nor the byte order; a recorded
 * gradient also needs reading a slice of the data without decoding the rest.
 */

/** What an `.npy` header says, and where the data starts. */
export interface NpyHeader {
  /** Element type: descr `<f2`, `<f4` or `<f8` (little-endian floats). */
  readonly dtype: FloatDtype;
  readonly shape: readonly number[];
  /** Elements: the product of the shape (1 for a scalar). */
  readonly count: number;
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes to read first: enough for the magic, version and a v2 header length. */
export const NPY_PREFIX_BYTES = 12;
const DESCRS: Readonly<Record<string, FloatDtype>> = { '<f2': 'f16', '<f4': 'f32', '<f8': 'f64' };

/**
 * Total length of the preamble (magic, version, length field, header dict),
 * i.e. the data offset, from the file's first bytes (at least 12, or the
 * whole file if it is shorter).
 * @param file the file's name, for errors
 */
export function npyDataOffset(prefix: Uint8Array, file: string): number {
  if (prefix.length < 10 || MAGIC.some((b, i) => prefix[i] !== b)) {
    throw new Error(msg.badFile(file, 'an .npy file (magic bytes \\x93NUMPY)', describeStart(prefix)));
  }
  const major = prefix[6] as number;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (major === 2 || major === 3) {
    if (prefix.length < 12) throw new Error(msg.badFile(file, 'an .npy v2/v3 preamble of 12 bytes', `a file of ${prefix.length} bytes`));
    return 12 + view.getUint32(8, true);
  }
  throw new Error(msg.badFile(file, '.npy format version 1.0, 2.0 or 3.0', `version ${major}.${prefix[7]}`));
}

/**
 * Parse the header of an `.npy` file.
 * @param bytes the file's first `npyDataOffset` bytes at least
 * @param file the file's name, for errors
 */
export function readNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const dataOffset = npyDataOffset(bytes, file);
  if (bytes.length < dataOffset) throw new Error(msg.badFile(file, `a header of ${dataOffset} bytes`, `a file of ${bytes.length} bytes`));
  const start = bytes[6] === 1 ? 10 : 12;
  const dict = new TextDecoder(bytes[6] === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, dataOffset));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(dict)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(dict)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(dict)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(msg.badFile(file, "an .npy header dict with 'descr', 'fortran_order' and 'shape'", JSON.stringify(dict.trim())));
  }
  const dtype = DESCRS[descr];
  if (dtype === undefined) {
    throw new Error(msg.badFile(file, "little-endian floats (descr '<f4', '<f2' or '<f8')", `descr '${descr}'`));
  }
  const parts = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '');
  const shape = parts.map(Number);
  if (!shape.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(msg.badFile(file, 'a shape of whole numbers', `shape (${shapeText})`));
  // Column-major order only matters when two axes are longer than 1; a flat vector reads the same either way.
  if (fortran === 'True' && shape.filter((n) => n > 1).length > 1) {
    throw new Error(msg.badFile(file, 'C order (fortran_order False; save np.ascontiguousarray(g))', `fortran_order True with shape (${shapeText})`));
  }
  const count = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, count, dataOffset };
}

/**
 * A whole `.npy` file as float32 (allocates its result; a recorded source
 * decodes slices with `readNpyHeader` and `decodeFloats` instead).
 * @param file the file's name, for errors
 */
export function parseNpy(bytes: Uint8Array, file: string): { readonly header: NpyHeader; readonly data: Float32Array } {
  const header = readNpyHeader(bytes, file);
  const expected = header.count * DTYPE_BYTES[header.dtype];
  const found = bytes.length - header.dataOffset;
  if (found !== expected) {
    throw new Error(msg.badFile(file, `${expected} data bytes (${header.count} × ${header.dtype}, shape (${header.shape.join(', ')}))`, `${found}`));
  }
  const data = new Float32Array(header.count);
  decodeFloats(header.dtype, bytes.subarray(header.dataOffset), data);
  return { header, data };
}

/** The first bytes of a file, for an error message. */
function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  return `bytes ${Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}
