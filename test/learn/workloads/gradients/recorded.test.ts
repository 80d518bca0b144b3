import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as msg from '../../../../src/learn/workloads/gradients/messages.js';
import type { GradientLayer } from '../../../../src/learn/workloads/gradients/source.js';
import { openRecorded } from '../../../../src/learn/workloads/gradients/recorded-files.js';
import { RandomStream } from '../../../../src/sim/random.js';
import { f32Bytes, npyBytes, safetensorsBytes, u16Bytes } from './writers.js';

const layers: GradientLayer[] = [
  { name: 'conv', size: 30 },
  { name: 'pool', size: 0 },
  { name: 'fc.weight', size: 40 },
  { name: 'fc.bias', size: 5 },
];
const D = 75;
const ITERATIONS = 3;
const WORKERS = 2;

/** The gradient written for (iteration t, recorded worker i): seeded values, heavy-tailed enough to exercise every bit. */
const recorded = (t: number, i: number) => {
  const s = new RandomStream(5, 0, `recorded/${t}/${i}`);
  return Float32Array.from({ length: D }, () => s.normal() * Math.exp(3 * s.normal()));
};

let root: string;

/** Write a trace under root/name with one file per (t, i), as `file` encodes it; returns its directory. */
function trace(name: string, file: (g: Float32Array) => [string, Uint8Array], iterations = ITERATIONS, workers = WORKERS): string {
  const dir = join(root, name);
  for (let t = 1; t <= iterations; t++) {
    mkdirSync(join(dir, `iter-${t}`), { recursive: true });
    for (let i = 0; i < workers; i++) {
      const [ext, bytes] = file(recorded(t, i));
      writeFileSync(join(dir, `iter-${t}`, `worker-${i}.${ext}`), bytes);
    }
  }
  return dir;
}

const asNpy = (g: Float32Array): [string, Uint8Array] => ['npy', npyBytes(f32Bytes(g), '<f4', [D])];
/** One tensor per layer, named as the layer, written in reverse order: the profile's order must win. */
const asLayerTensors = (g: Float32Array): [string, Uint8Array] => [
  'safetensors',
  safetensorsBytes({
    'fc.bias': { dtype: 'F32', shape: [5], data: f32Bytes(g.subarray(70, 75)) },
    'fc.weight': { dtype: 'F32', shape: [5, 8], data: f32Bytes(g.subarray(30, 70)) },
    conv: { dtype: 'F32', shape: [2, 3, 5], data: f32Bytes(g.subarray(0, 30)) },
  }),
];

const asFlatTensor = (g: Float32Array): [string, Uint8Array] => ['safetensors', safetensorsBytes({ grad: { dtype: 'F32', shape: [D], data: f32Bytes(g) } })];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradwire-recorded-'));
  trace('npy', asNpy);
  trace('layers', asLayerTensors);
  trace('flat', asFlatTensor);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bit-for-bit equality of two float32 vectors (NaN-safe, −0 ≠ +0). */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('RecordedSource', () => {
  it.each([
    ['an .npy', 'npy'],
    ['a .safetensors (one tensor per layer, stored in another order)', 'layers'],
    ['a .safetensors (one flat tensor)', 'flat'],
  ])('replays %s trace bit for bit, worker w reading recorded worker w mod R', (_, name) => {
    const source = openRecorded(join(root, name), layers);
    expect([source.dim, source.iterations, source.workers]).toEqual([D, ITERATIONS, WORKERS]);
    const out = new Float32Array(D);
    for (let t = 1; t <= ITERATIONS; t++) {
      for (let w = 0; w < 5; w++) {
        source.next(t, w, out);
        expect(bits(out), `t=${t}, w=${w}`).toEqual(bits(recorded(t, w % WORKERS)));
      }
    }
  });

  it('reads a slice across layer bounds equal to the same coordinates of the whole vector', () => {
    for (const source of [openRecorded(join(root, 'npy'), layers), openRecorded(join(root, 'layers'), layers)]) {
      const whole = recorded(2, 1);
      for (const [from, to] of [
        [0, 1],
        [25, 35],
        [29, 71],
        [70, 75],
        [0, 75],
      ] as const) {
        const slice = new Float32Array(to - from);
        source.next(2, 1, slice, from);
        expect(bits(slice)).toEqual(bits(whole.subarray(from, to)));
      }
    }
  });

  it('stops after the last recorded iteration, or cycles over them when asked', () => {
    const dir = join(root, 'npy');
    const out = new Float32Array(D);
    expect(() => openRecorded(dir, layers).next(ITERATIONS + 1, 0, out)).toThrow(msg.iterationNotRecorded(dir, ITERATIONS + 1, ITERATIONS));
    const cycling = openRecorded(dir, layers, { cycle: true });
    cycling.next(ITERATIONS + 2, 3, out); // iteration 2, recorded worker 1
    expect(bits(out)).toEqual(bits(recorded(2, 1)));
  });

  it('converts bf16 traces exactly', () => {
    const dir = join(root, 'bf16');
    mkdirSync(join(dir, 'iter-1'), { recursive: true });
    const patterns = Array.from({ length: D }, (_, j) => (j * 977) & 0x7f7f); // finite bf16 patterns, both signs via the 0x8000 bit below
    writeFileSync(join(dir, 'iter-1', 'worker-0.safetensors'), safetensorsBytes({ g: { dtype: 'BF16', shape: [D], data: u16Bytes(patterns.map((p, j) => (j % 2 ? p | 0x8000 : p))) } }));
    const out = new Float32Array(D);
    openRecorded(dir, layers).next(1, 0, out);
    expect(bits(out)).toEqual(patterns.map((p, j) => ((j % 2 ? p | 0x8000 : p) << 16) >>> 0));
  });

  it('names the file, the expected and the found size when the dimension does not match', () => {
    const short = trace('short', (g) => ['npy', npyBytes(f32Bytes(g.subarray(0, 70)), '<f4', [70])], 1, 1);
    expect(() => openRecorded(short, layers)).toThrow(msg.dimensionMismatch(`${short}/iter-1/worker-0.npy`, 'the array of shape (70)', D, 70));
    const badLayer = trace(
      'bad-layer',
      (g) => [
        'safetensors',
        safetensorsBytes({
          conv: { dtype: 'F32', shape: [30], data: f32Bytes(g.subarray(0, 30)) },
          'fc.weight': { dtype: 'F32', shape: [41], data: f32Bytes(g.subarray(30, 71)) },
          'fc.bias': { dtype: 'F32', shape: [4], data: f32Bytes(g.subarray(71)) },
        }),
      ],
      1,
      1,
    );
    expect(() => openRecorded(badLayer, layers)).toThrow(msg.dimensionMismatch(`${badLayer}/iter-1/worker-0.safetensors`, 'tensor "fc.weight"', 40, 41));
    // a later file of the wrong size fails when it is read, naming it
    const mixed = trace('mixed', asNpy, 2, 1);
    writeFileSync(join(mixed, 'iter-2', 'worker-0.npy'), npyBytes(f32Bytes(new Float32Array(80)), '<f4', [80]));
    expect(() => openRecorded(mixed, layers).next(2, 0, new Float32Array(D))).toThrow(msg.dimensionMismatch(`${mixed}/iter-2/worker-0.npy`, 'the array of shape (80)', D, 80));
  });

  it('rejects a layout with gaps, twins or missing workers, naming the folder', () => {
    const gap = trace('gap', asNpy, 3, 1);
    rmSync(join(gap, 'iter-2'), { recursive: true });
    expect(() => openRecorded(gap, layers)).toThrow(msg.badRecordedLayout(gap, 'iter-<t> folders numbered 1, 2, … without gaps', 'iter-3 where number 2 was due'));
    const uneven = trace('uneven', asNpy, 2, 2);
    rmSync(join(uneven, 'iter-2', 'worker-1.npy'));
    expect(() => openRecorded(uneven, layers)).toThrow(msg.badRecordedLayout(`${uneven}/iter-2`, '2 worker files, as the first iteration', '1'));
    const twins = trace('twins', asNpy, 1, 1);
    writeFileSync(join(twins, 'iter-1', 'worker-0.safetensors'), new Uint8Array(8));
    expect(() => openRecorded(twins, layers)).toThrow(/both worker-0\.(npy|safetensors) and worker-0\.(npy|safetensors)/);
    expect(() => openRecorded(join(root, 'nowhere'), layers)).toThrow(msg.badRecordedLayout(join(root, 'nowhere'), 'a readable directory', 'ENOENT'));
  });
});
