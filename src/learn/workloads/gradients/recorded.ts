import { decodeFloats, DTYPE_BYTES, type FloatDtype } from './dtypes.js';
import * as msg from './messages.js';
import { NPY_PREFIX_BYTES, npyDataOffset, readNpyHeader } from './npy.js';
import { readSafetensorsHeader, SAFETENSORS_PREFIX_BYTES, safetensorsDataOffset } from './safetensors.js';
import { checkCall, layersDim, type GradientLayer, type GradientSource } from './source.js';

/**
 * The file access a {@link RecordedSource} needs, injected so that this
 * source does no I/O itself (`recorded-files.ts` beside it gives the Node
 * implementation; tests may give an in-memory one). Paths are joined with `/`.
 */
export interface RecordedFiles {
  /** Entry names (files and folders) of a directory, in any order. */
  listDir(path: string): readonly string[];
  /** A file's size in bytes. */
  size(path: string): number;
  /**
   * Up to `length` bytes of a file from byte `position` (fewer only at the end
   * of the file). The result may be a view of a buffer the next call reuses:
   * callers decode it before reading again.
   */
  read(path: string, position: number, length: number): Uint8Array;
}

/** Options of {@link RecordedSource}. */
export interface RecordedSourceOptions {
  /**
   * Past the last recorded iteration T, replay the recorded ones in a loop
   * (iteration t reads ((t − 1) mod T) + 1). Default false: asking for t > T
   * is an error.
   */
  readonly cycle?: boolean;
}

/** One run of consecutive coordinates stored contiguously in a file. */
interface Piece {
  /** First coordinate in the flat vector. */
  readonly at: number;
  readonly count: number;
  readonly dtype: FloatDtype;
  /** Byte offset of its first element in the file. */
  readonly begin: number;
}

const ITER = /^iter-(\d+)$/;
const WORKER = /^worker-(\d+)\.(npy|safetensors)$/;

/**
 * Gradients recorded from a real training run, replayed through the
 * simulator. Layout of a recorded trace (see docs/gradients.md for a PyTorch
 * recorder):
 *
 * ```
 * <dir>/iter-<t>/worker-<i>.npy            t = 1…T, i = 0…R−1 (decimal, zero padding allowed)
 * <dir>/iter-<t>/worker-<i>.safetensors    (either format, file by file)
 * ```
 *
 * - `.npy`: one array of d little-endian floats (`<f4`, `<f2` or `<f8`), any
 *   C-order shape whose product is d: the flat gradient, parameters in the
 *   profile's layer order (PyTorch: `torch.cat([p.grad.flatten() for p in
 *   model.parameters()])`).
 * - `.safetensors`: either a single tensor (any name) of d elements — the
 *   flat gradient — or one tensor per profile layer, named as the layer, with
 *   that layer's parameter count (any shape), concatenated in the profile's
 *   layer order (layers of size 0 may be left out); F32, F16, BF16 or F64.
 *
 * Every iteration folder must hold the same workers 0…R−1. Simulated worker
 * w replays recorded worker w mod R (so R = 1 gives every worker the same
 * gradient, R = workers gives each its own). Iterations past T are an error,
 * or replay 1…T in a loop with `cycle`.
 *
 * Memory stays O(d) whatever T and R: each `next()` reads only the bytes of
 * the coordinates asked for, from one file, straight into `out` (a bucket's
 * slice reads only that slice). The file index is checked when the source is
 * built, and the first file's header too, so a trace recorded from another
 * model fails at once, naming the file, the expected and the found size.
 */
export class RecordedSource implements GradientSource {
  readonly dim: number;
  /** Bytes of the largest read a whole-vector call makes (the file reader's buffer): d × the first file's element size. */
  readonly bytes: number;
  /** T: iterations recorded. */
  readonly iterations: number;
  /** R: workers recorded per iteration. */
  readonly workers: number;
  private readonly paths: readonly (readonly string[])[];

  /**
   * @param dir the trace's directory (for paths and errors)
   * @param layers the profile's layers in forward order
   * @param files file access (see {@link RecordedFiles})
   */
  constructor(
    readonly dir: string,
    private readonly layers: readonly GradientLayer[],
    private readonly files: RecordedFiles,
    private readonly options: RecordedSourceOptions = {},
  ) {
    this.dim = layersDim(layers);
    this.paths = indexTrace(dir, files);
    this.iterations = this.paths.length;
    this.workers = (this.paths[0] as readonly string[]).length;
    const first = this.pieces((this.paths[0] as readonly string[])[0] as string);
    this.bytes = this.dim * DTYPE_BYTES[(first[0] as Piece).dtype] + 64 * this.iterations * this.workers;
  }

  next(iteration: number, worker: number, out: Float32Array, offset?: number): void {
    const at = checkCall(this.dim, iteration, worker, out, offset);
    const path = this.pathOf(iteration, worker);
    const end = at + out.length;
    for (const p of this.pieces(path)) {
      const lo = Math.max(at, p.at);
      const hi = Math.min(end, p.at + p.count);
      if (lo >= hi) continue;
      const size = DTYPE_BYTES[p.dtype];
      const bytes = this.files.read(path, p.begin + (lo - p.at) * size, (hi - lo) * size);
      if (bytes.length !== (hi - lo) * size) throw new Error(msg.badFile(path, `${(hi - lo) * size} bytes at byte ${p.begin + (lo - p.at) * size}`, `${bytes.length} (the file was cut short)`));
      decodeFloats(p.dtype, bytes, out.subarray(lo - at, hi - at));
    }
  }

  /** The file worker `worker` replays at iteration t. */
  private pathOf(t: number, worker: number): string {
    let u = t;
    if (t > this.iterations) {
      if (this.options.cycle !== true) throw new RangeError(msg.iterationNotRecorded(this.dir, t, this.iterations));
      u = ((t - 1) % this.iterations) + 1;
    }
    const row = this.paths[u - 1] as readonly string[];
    return row[worker % this.workers] as string;
  }

  /** Where each run of coordinates lies in the file, from its header (checked against the profile). */
  private pieces(path: string): Piece[] {
    const fileBytes = this.files.size(path);
    if (path.endsWith('.npy')) {
      const offset = npyDataOffset(this.files.read(path, 0, NPY_PREFIX_BYTES), path);
      const h = readNpyHeader(this.files.read(path, 0, offset), path);
      if (h.count !== this.dim) throw new Error(msg.dimensionMismatch(path, `the array of shape (${h.shape.join(', ')})`, this.dim, h.count));
      const expected = h.dataOffset + h.count * DTYPE_BYTES[h.dtype];
      if (fileBytes !== expected) throw new Error(msg.badFile(path, `${expected} bytes (header + ${h.count} × ${h.dtype})`, `${fileBytes}`));
      return [{ at: 0, count: h.count, dtype: h.dtype, begin: h.dataOffset }];
    }
    const offset = safetensorsDataOffset(this.files.read(path, 0, SAFETENSORS_PREFIX_BYTES), path);
    const { tensors } = readSafetensorsHeader(this.files.read(path, 0, offset), path, fileBytes);
    if (tensors.length === 1) {
      const t = tensors[0]!;
      if (t.count !== this.dim) throw new Error(msg.dimensionMismatch(path, `tensor "${t.name}"`, this.dim, t.count));
      return [{ at: 0, count: t.count, dtype: t.dtype, begin: t.begin }];
    }
    const byName = new Map(tensors.map((t) => [t.name, t]));
    const layerNames = new Set(this.layers.map((l) => l.name));
    const stray = tensors.find((t) => !layerNames.has(t.name));
    if (stray !== undefined) {
      throw new Error(
        msg.badFile(
          path,
          `one tensor per profile layer (${[...layerNames].slice(0, 5).join(', ')}, …) or a single tensor of all ${this.dim} parameters`,
          `tensor "${stray.name}", not a layer of the profile`,
        ),
      );
    }
    const pieces: Piece[] = [];
    let at = 0;
    for (const layer of this.layers) {
      const t = byName.get(layer.name);
      if (t === undefined && layer.size > 0) {
        throw new Error(msg.badFile(path, `a tensor "${layer.name}" (the profile's layer of ${layer.size} parameters)`, `no such tensor among ${tensors.length}`));
      }
      if (t !== undefined && t.count !== layer.size) throw new Error(msg.dimensionMismatch(path, `tensor "${layer.name}"`, layer.size, t.count));
      if (t !== undefined && t.count > 0) pieces.push({ at, count: t.count, dtype: t.dtype, begin: t.begin });
      at += layer.size;
    }
    return pieces;
  }
}

/** paths[t − 1][i]: the file of recorded worker i at iteration t, after checking the layout. */
function indexTrace(dir: string, files: RecordedFiles): string[][] {
  const iterations = numbered(dir, files.listDir(dir), ITER, 'iter-<t> folders numbered 1, 2, … without gaps', 1);
  const paths: string[][] = [];
  for (const [, folder] of iterations) {
    const path = `${dir}/${folder}`;
    const workers = numbered(path, files.listDir(path), WORKER, 'worker-<i>.npy or worker-<i>.safetensors files numbered 0, 1, … without gaps', 0);
    const row = workers.map(([, name]) => `${path}/${name}`);
    const r = paths[0]?.length;
    if (r !== undefined && row.length !== r) throw new Error(msg.badRecordedLayout(path, `${r} worker files, as the first iteration`, `${row.length}`));
    paths.push(row);
  }
  return paths;
}

/**
 * Entries of `names` matching `pattern`, as [number, name] in increasing
 * order, checked to be exactly from, from + 1, … (one entry per number).
 */
function numbered(dir: string, names: readonly string[], pattern: RegExp, expected: string, from: number): Array<[number, string]> {
  const found = new Map<number, string>();
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const n = Number(m[1]);
    const twin = found.get(n);
    if (twin !== undefined) throw new Error(msg.badRecordedLayout(dir, expected, `both ${twin} and ${name}`));
    found.set(n, name);
  }
  const sorted = [...found.entries()].sort((a, b) => a[0] - b[0]);
  if (sorted.length === 0) throw new Error(msg.badRecordedLayout(dir, expected, names.length === 0 ? 'an empty directory' : `only ${names.slice(0, 5).join(', ')}`));
  sorted.forEach(([n, name], k) => {
    if (n !== from + k) throw new Error(msg.badRecordedLayout(dir, expected, `${name} where number ${from + k} was due`));
  });
  return sorted;
}
