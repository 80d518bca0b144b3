import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import { buildRing } from '../../../src/net/topology/ring.js';
import { BaseCompressor, type Compressor, type MessageDraft, type ResidualMemory } from '../../../src/learn/compress/compressor.js';
import { DEVICE_PRESETS } from '../../../src/learn/devices.js';
import { allGather } from '../../../src/learn/schemes/decentralized.js';
import type { IterationRecord } from '../../../src/learn/schemes/types.js';
import { fixedWorkload, schemeSetup } from '../fixtures.js';

/**
 * workerStep reads what a compressor declares (`residual`, `lossless`), not
 * its class: compressors written here, known to no scheme, get their
 * declarations honoured. Each sends half of its input, so computing the
 * error from the message would give 1/4 — never what they declare.
 */

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const D = 8;
const G = 3; // every gradient coordinate: ‖g‖² = 8 · 9 = 72

/** Sends g/2 densely (fp32). */
class Halve extends BaseCompressor {
  readonly name: string = 'halve';
  protected doCompress(g: Float32Array): MessageDraft {
    return { kind: 'dense', dim: this.dim, values: g.map((x) => x / 2), valueCode: { kind: 'fp32' } };
  }
}

/** Declares its messages lossless. */
class DeclaredLossless extends Halve {
  override readonly name = 'declared-lossless';
  readonly lossless = true;
}

/** Declares a memory whose input was ‖v‖² = 288 (v = 2g) and whose residual is ‖e‖² = 36. */
class DeclaredMemory extends Halve implements ResidualMemory {
  override readonly name = 'declared-memory';
  readonly residual: ResidualMemory = this;
  readonly inputNormSq = 288;
  residualNormSq(): number {
    return 36;
  }
  memory(): Float32Array {
    return new Float32Array(this.dim);
  }
  inputFor(g: Float32Array): Float32Array {
    return g.slice();
  }
}

function firstRecord(make: (d: number) => Compressor): IterationRecord {
  const env = new Environment();
  const net = buildRing(env, { workers: [0, 1].map(() => ({ link: eth, power })) });
  const records: IterationRecord[] = [];
  const done = allGather(
    schemeSetup(env, net, {
      workload: fixedWorkload([{ name: 'all', size: D, forwardFlops: 1, backwardFlops: 2 }], () => G),
      uplink: net.workers.map(() => make(D)),
      device: DEVICE_PRESETS['server-cpu']!,
      seed: 1,
      learningRate: () => 0.1,
      iterations: 1,
      onIteration: (r) => records.push(r),
    }),
  );
  env.run(done);
  return records[1]!;
}

describe('workerStep reads the compressor’s declarations', () => {
  it('with none, measures: ‖g‖², α = ‖g/2‖²/‖g‖² = 1/4, error ‖g − g/2‖²/‖g‖² = 1/4', () => {
    const r = firstRecord((d) => new Halve(d));
    expect(r.inputNormSq).toEqual([72, 72]);
    expect(r.alpha).toEqual([0.25, 0.25]);
    expect(r.compressionError).toEqual([0.25, 0.25]);
  });

  it('lossless: takes the error as 0 without a pass', () => {
    const r = firstRecord((d) => new DeclaredLossless(d));
    expect(r.inputNormSq).toEqual([72, 72]);
    expect(r.compressionError).toEqual([0, 0]);
  });

  it('a memory: takes the input’s and the residual’s norms from it (α = 18/288, error 36/288)', () => {
    const r = firstRecord((d) => new DeclaredMemory(d));
    expect(r.inputNormSq).toEqual([288, 288]);
    expect(r.alpha).toEqual([18 / 288, 18 / 288]);
    expect(r.compressionError).toEqual([0.125, 0.125]);
  });
});
