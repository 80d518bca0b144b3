/** `warmupIterations` (gTop-k's dense warmup, Shi et al. 2019 §5.1): accepted for kind gtopk only. */
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/scenario/load.js';

const scenario = (kind: string, uplink: Record<string, unknown>) => ({
  name: 'w',
  workers: { count: 4 },
  model: { kind: 'logistic-regression', features: 100 },
  schemes: [{ name: 's', kind, uplink, warmupIterations: 5 }],
});

describe('warmupIterations', () => {
  it('is accepted for gtopk, and resolves to the given count', () => {
    const r = checkScenario(scenario('gtopk', { compressor: { kind: 'topk', ratio: 0.1 } }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.schemes[0]!.warmupIterations).toBe(5);
  });

  for (const [kind, uplink, why] of [
    ['allgather', { compressor: { kind: 'topk', ratio: 0.1 }, errorFeedback: true }, /gTop-k’s/],
    ['parameter-server', { compressor: { kind: 'topk', ratio: 0.1 } }, /gTop-k’s/],
    ['ring-allreduce', {}, /dense at every iteration already/],
  ] as const) {
    it(`is refused for ${kind}, with the reason`, () => {
      const r = checkScenario(scenario(kind, uplink));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const p = r.problems.find((x) => x.path === 'schemes[0].warmupIterations');
      expect(p?.given).toBe(`5 for "${kind}"`);
      expect(p?.hint).toMatch(why);
    });
  }
});
