import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/sim/index.js';
import { ErrorFeedback, TopK, topKIndices, type BudgetTuner, type Compressor } from '../../../src/learn/compress/index.js';
import { makeThesisQuadratic } from '../../../src/learn/models/quadratic.js';
import type { TopKRound } from '../../../src/learn/diagnostics/index.js';
import { parameterServer, type ParameterServerSetup } from '../../../src/learn/schemes/parameter-server.js';
import type { IterationRecord } from '../../../src/learn/schemes/types.js';
import { buildModel } from '../../../src/run/build-model.js';
import { prepareScheme } from '../../../src/run/prepare-scheme.js';
import { resolveScenario } from '../../../src/run/resolve.js';
import { parseScenario } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/schema.js';
import { must } from '../../must.js';

/**
 * The parameter-server scheme run exactly as `runScenario` runs it (same
 * builders, stream names and setup), with the round hook and compressor
 * overrides that the scenario file cannot express yet.
 */
async function runPs(
  scenario: Scenario,
  schemeName: string,
  options: {
    readonly onRound?: (round: TopKRound) => void;
    readonly onIteration?: (record: IterationRecord, compressors: { uplink: readonly Compressor[]; downlink?: Compressor }) => void;
    readonly uplink?: (worker: number, d: number) => Compressor;
  } = {},
): Promise<IterationRecord[]> {
  const scheme = scenario.schemes.find((x) => x.name === schemeName)!;
  const streams = new RandomStreams(scenario.seed, 0);
  const built = await buildModel(scenario, streams);
  const model = must(built.model, 'a trained model (not a workload profile)');
  const prepared = prepareScheme(scenario, scheme, built, streams);
  const uplink = options.uplink ? prepared.uplink.map((_, i) => options.uplink!(i, model.dim)) : prepared.uplink;
  const { downlink, env } = prepared;
  const records: IterationRecord[] = [];
  const setup: ParameterServerSetup = {
    ...prepared,
    uplink,
    onIteration: (r) => {
      options.onIteration?.(r, { uplink, ...(downlink ? { downlink } : {}) });
      records.push({ ...r, weights: r.weights.slice() });
    },
    ...(options.onRound ? { onRound: options.onRound } : {}),
  };
  const done = parameterServer(setup);
  env.run(done);
  model.dispose();
  return records;
}

const quadratic = (iterations: number, learningRate: string, schemes: string) =>
  resolveScenario(
    parseScenario(
      `name: ps
workers: { count: 3, batchSize: full }
model: { kind: quadratic, features: 100, levels: [1, 5, 10] }
training: { iterations: ${iterations}, learningRate: ${learningRate} }
schemes:
${schemes}`,
      'ps.yaml',
    ),
  );

/**
 * The step the scheme is given at (1-based) iteration t for an inverse-time
 * schedule: the schedule counts updates from 0, so iteration t gets
 * rateAt(schedule, t − 1) = η/(1 + β(t − 1)) — the first update takes η.
 */
const inverseTime = (rate: number, decay: number) => (t: number) => rate / (1 + decay * (t - 1));

/**
 * Thesis Algorithms 6–11 written out directly (float32 vectors, p_q = 1/3,
 * workers added in order 0, 1, 2): the reference the scheme must equal.
 * kUp = d with no worker memory is Algorithm 10's dense α·g; kDown undefined
 * is no downlink compressor (Algorithm 7).
 */
function thesisReference(iterations: number, alpha: (t: number) => number, kUp: number, workerEf: boolean, kDown: number | undefined): Float32Array[] {
  const model = makeThesisQuadratic();
  const d = model.dim;
  const N = 3;
  const w = new Float32Array(d); // w₀ = 0
  const eps = Array.from({ length: N }, () => new Float32Array(d)); // ε₀ = 0
  const delta = new Float32Array(d); // δ₀ = 0
  const out = [w.slice()];
  for (let t = 1; t <= iterations; t++) {
    const sum = new Float32Array(d);
    for (let q = 0; q < N; q++) {
      const g = model.gradient(w, [q]);
      const a = new Float32Array(d);
      for (let j = 0; j < d; j++) a[j] = (workerEf ? (eps[q]![j] as number) : 0) + Math.fround(alpha(t) * (g[j] as number)); // line 3
      const kept = topKIndices(a, kUp);
      if (workerEf) {
        eps[q]!.set(a); // line 4: ε = a − Top_K(a)
        for (const i of kept) eps[q]![i] = 0;
      }
      for (const i of kept) sum[i] = (sum[i] as number) + (a[i] as number) / N; // server line 6
    }
    if (kDown === undefined) {
      for (let j = 0; j < d; j++) w[j] = (w[j] as number) - (sum[j] as number); // Alg. 6 line 7
    } else {
      const gt = new Float32Array(d);
      for (let j = 0; j < d; j++) gt[j] = (sum[j] as number) + (delta[j] as number); // Alg. 9 line 6
      const kept = topKIndices(gt, kDown);
      delta.set(gt); // line 7: δ = g − Top_K(g)
      for (const i of kept) delta[i] = 0;
      for (const i of kept) w[i] = (w[i] as number) - (gt[i] as number); // Alg. 8 line 7
    }
    out.push(w.slice());
  }
  return out;
}

describe('the parameter-server scheme follows the bidirectional Top-K thesis line by line', () => {
  const T = 60;
  const schedule = '{ kind: inverse-time, rate: 0.05, decay: 0.1 }';
  const alpha = inverseTime(0.05, 0.1);

  it('uplink Top-K with worker error feedback is Algorithms 6–7 (α applied before the memory, under a decaying step)', async () => {
    const records = await runPs(
      quadratic(
        T,
        schedule,
        `  - name: up
    uplink: { compressor: { kind: topk, k: 2 }, errorFeedback: true }
`,
      ),
      'up',
    );
    const ref = thesisReference(T, alpha, 2, true, undefined);
    records.forEach((r, t) => expect(r.weights).toEqual(ref[t]));
  });

  it('bidirectional Top-K with separate K_up and K_down and server error feedback is Algorithms 8–9', async () => {
    const records = await runPs(
      quadratic(
        T,
        schedule,
        `  - name: bi
    uplink: { compressor: { kind: topk, k: 2 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 5 }, errorFeedback: true }
`,
      ),
      'bi',
    );
    const ref = thesisReference(T, alpha, 2, true, 5);
    records.forEach((r, t) => expect(r.weights).toEqual(ref[t]));
    for (const r of records.slice(1)) {
      expect(r.budgets).toEqual([2, 2, 2]);
      expect(r.bitsDown).toEqual([5 * 64, 5 * 64, 5 * 64]);
    }
  });

  it('downlink-only Top-K with server error feedback is Algorithms 10–11', async () => {
    const records = await runPs(
      quadratic(
        T,
        schedule,
        `  - name: down
    uplink: { compressor: { kind: identity } }
    downlink: { compressor: { kind: topk, k: 3 }, errorFeedback: true }
`,
      ),
      'down',
    );
    const ref = thesisReference(T, alpha, 100, false, 3);
    records.forEach((r, t) => expect(r.weights).toEqual(ref[t]));
  });

  it('keeps the error-corrected sequence w̃ = w − Σ p_q ε^q − δ on plain SGD (thesis Lemma 5.1)', async () => {
    const d = 100;
    let previous: Float64Array | undefined;
    let lastRound: TopKRound | undefined;
    const worst = { value: 0 };
    await runPs(
      quadratic(
        T,
        schedule,
        `  - name: bi
    uplink: { compressor: { kind: topk, k: 1 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 1 }, errorFeedback: true }
`,
      ),
      'bi',
      {
        onRound: (round) => {
          lastRound = round;
        },
        onIteration: (r, c) => {
          const tilde = Float64Array.from(r.weights);
          for (const e of c.uplink) (e as ErrorFeedback).memory().forEach((v, j) => (tilde[j] = (tilde[j] as number) - v / 3));
          (c.downlink as ErrorFeedback).memory().forEach((v, j) => (tilde[j] = (tilde[j] as number) - v));
          if (previous !== undefined) {
            // w̃_t = w̃_{t−1} − α_{t−1} Σ_q p_q g^q(w_{t−1})
            for (let j = 0; j < d; j++) {
              let step = 0;
              for (const g of lastRound!.scaledGradients) step += (g[j] as number) / 3;
              worst.value = Math.max(worst.value, Math.abs((tilde[j] as number) - ((previous[j] as number) - step)));
            }
          }
          previous = tilde;
        },
      },
    );
    expect(worst.value).toBeLessThan(1e-5); // float32 rounding only
  });
});

describe('the round hook', () => {
  const scenario = quadratic(
    20,
    '0.01',
    `  - name: bi
    uplink: { compressor: { kind: topk, k: 1 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 4 }, errorFeedback: true }
  - name: up
    uplink: { compressor: { kind: topk, k: 3 } }
`,
  );

  it('fires once per iteration before the record, with the thesis quantities, and changes nothing', async () => {
    const order: string[] = [];
    const rounds: TopKRound[] = [];
    const hooked = await runPs(scenario, 'bi', {
      onRound: (r) => {
        order.push(`round ${r.iteration}`);
        rounds.push(r);
      },
      onIteration: (r) => order.push(`record ${r.iteration}`),
    });
    const plain = await runPs(scenario, 'bi');
    expect(hooked.map((r) => r.weights)).toEqual(plain.map((r) => r.weights));
    expect(hooked.map((r) => r.payload)).toEqual(plain.map((r) => r.payload));
    expect(order.slice(0, 5)).toEqual(['record 0', 'round 1', 'record 1', 'round 2', 'record 2']);
    expect(rounds).toHaveLength(20);
    const first = rounds[0]!;
    expect(first.stepSize).toBe(0.01);
    expect(first.weights).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(first.uplinkBudgets).toEqual([1, 1, 1]);
    expect(first.downlink!.budget).toBe(4);
    // at w₀ = 0: α g^q = −0.01·c_q·1, a = α g (ε₀ = 0), δ₀ = 0
    first.scaledGradients.forEach((g, q) => expect(g).toEqual(new Float32Array(100).fill(Math.fround(-0.01 * [1, 5, 10][q]!))));
    expect(first.accumulators).toEqual(first.scaledGradients);
    expect(first.downlink!.memory).toEqual(new Float32Array(100));
    // round 2 sees δ₁ = g₁ − Top_4(g₁), g₁ = Σ p_q Top_1(a_1^q): one coordinate (index 0) of mass −(0.01 + 0.05 + 0.1)/3, all sent
    expect(rounds[1]!.downlink!.memory).toEqual(new Float32Array(100));
    // the uplink memory is in the accumulator: a_2^q = ε_1^q + α g^q(w_1)
    expect(rounds[1]!.accumulators[0]![1]).toBeCloseTo(-0.01 + -0.01, 6);
  });

  it('has no downlink part when the server sends the dense model', async () => {
    const rounds: TopKRound[] = [];
    await runPs(scenario, 'up', { onRound: (r) => rounds.push(r) });
    expect(rounds[0]!.downlink).toBeUndefined();
    expect(rounds[0]!.uplinkBudgets).toEqual([3, 3, 3]);
    // no worker memory: the accumulator is the scaled gradient
    expect(rounds[5]!.accumulators).toEqual(rounds[5]!.scaledGradients);
  });
});

describe('the iteration record', () => {
  it('reports the budgets of its own iteration even when a fast worker has already started the next one', async () => {
    // k_t = 1 + (t mod 4): a per-iteration budget makes a stale record visible
    const tuner: BudgetTuner = { name: 'cycle', budget: (_g, c) => 1 + (c.iteration % 4) };
    const scenario = resolveScenario(
      parseScenario(
        `name: ps
workers: { count: 8, batchSize: 4 }
network: { serverLink: { preset: ethernet-1g-udp, set: { bandwidthBps: 1.0e6 } } }
model: { kind: logistic-regression, features: 2000, trainSamples: 320, testSamples: 40 }
training: { iterations: 12, learningRate: 1 }
schemes:
  - name: cyc
    uplink: { compressor: { kind: topk, k: 1 } }
`,
        'ps.yaml',
      ),
    );
    const records = await runPs(scenario, 'cyc', { uplink: (_i, d) => new TopK(d, tuner) });
    for (const r of records.slice(1)) expect(r.budgets).toEqual(new Array(8).fill(1 + (r.iteration % 4)));
  });
});
