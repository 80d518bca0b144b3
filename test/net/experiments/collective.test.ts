import { describe, expect, it } from 'vitest';
import { runCollectiveExperiment, type CollectiveSpec } from '../../../src/net/experiments/collective.js';
import { toyLink } from '../fixtures.js';

// times worked out by hand: a byte per ms, 100 B of payload per packet, so a 100-byte message takes 0.1 s on a link
const toy = toyLink(100);
const run = (over: Partial<CollectiveSpec> & Pick<CollectiveSpec, 'collective' | 'topology'>) => runCollectiveExperiment({ workers: 4, bytes: 100, link: toy, fidelity: 'packet', seed: 1, ...over });

describe('network-only collectives (issue #14, item 7), hand-computed on a toy link', () => {
  for (const fidelity of ['packet', 'message', 'flow'] as const) {
    it(`ring all-reduce on a ring of 4, 400 B: 2(P−1) = 6 steps of one 100-B chunk = 0.6 s; 600 B on every link (${fidelity})`, () => {
      const r = run({ collective: 'ring-allreduce', topology: 'ring', bytes: 400, fidelity });
      expect(r.fidelity).toBe(fidelity);
      expect(r.endS).toBeCloseTo(0.6, 12);
      for (let i = 0; i < 4; i++) expect(r.doneAtS[`worker/${i}`]).toBeCloseTo(0.6, 12);
      expect(Object.keys(r.byLink).sort()).toEqual(['worker/0→worker/1', 'worker/1→worker/2', 'worker/2→worker/3', 'worker/3→worker/0']);
      for (const c of Object.values(r.byLink)) expect(c).toMatchObject({ wireBytes: 600, packets: 6 });
      expect(r.messages).toBe(24);
    });
  }

  it('ring all-gather of 3 × 100 B on a ring: (P−1) steps = 0.2 s, 200 B per link', () => {
    const r = run({ collective: 'allgather', topology: 'ring', workers: 3 });
    expect(r.endS).toBeCloseTo(0.2, 12);
    for (const c of Object.values(r.byLink)) expect(c.wireBytes).toBe(200);
  });

  it('recursive doubling of 4 × 100 B on a switch: 2 rounds of up + down = 0.4 s', () => {
    const r = run({ collective: 'recursive-doubling', topology: 'switch' });
    expect(r.endS).toBeCloseTo(0.4, 12);
    for (let i = 0; i < 4; i++) {
      expect(r.doneAtS[`worker/${i}`]).toBeCloseTo(0.4, 12);
      expect(r.byLink[`worker/${i}→switch`]).toMatchObject({ wireBytes: 200, packets: 2 });
      expect(r.byLink[`switch→worker/${i}`]).toMatchObject({ wireBytes: 200, packets: 2 });
    }
    expect(r.byLink['server→switch']).toBeUndefined();
  });

  it('gather of 3 × 200 B on a star: 6 packets through the server link from 0.1 s, the last at 0.7 s', () => {
    const r = run({ collective: 'gather', topology: 'star', workers: 3, bytes: 200 });
    expect(r.participants).toEqual(['server', 'worker/0', 'worker/1', 'worker/2']);
    expect(r.endS).toBeCloseTo(0.7, 12);
    expect(r.doneAtS.server).toBeCloseTo(0.7, 12);
    expect(r.byLink['switch→server']).toMatchObject({ wireBytes: 600, packets: 6 });
    expect(r.byNode.switch).toMatchObject({ wireBytes: 600 });
  });

  it('broadcast of 100 B to 3 workers on a star: unicasts queue on the server link, arrivals 0.2, 0.3, 0.4 s', () => {
    const r = run({ collective: 'broadcast', topology: 'star', workers: 3 });
    expect(r.doneAtS['worker/0']).toBeCloseTo(0.2, 12);
    expect(r.doneAtS['worker/1']).toBeCloseTo(0.3, 12);
    expect(r.doneAtS['worker/2']).toBeCloseTo(0.4, 12);
    expect(r.byLink['server→switch']).toMatchObject({ wireBytes: 300, packets: 3 });
  });

  it('tree: binomial reduce to the server then broadcast, 3 workers on a switch, 0.8 s', () => {
    // ranks: server 0, worker/0 1, worker/1 2, worker/2 3; children: server → [worker/1, worker/0], worker/1 → [worker/2].
    // Reduce: worker/2 → worker/1 by 0.2; worker/0 → server by 0.2; worker/1 → server 0.2–0.4.
    // Broadcast: server → worker/1 (0.4–0.5 up, 0.5–0.6 down), → worker/0 (0.5–0.6 up, 0.6–0.7 down);
    // worker/1 → worker/2 0.6–0.8.
    const r = run({ collective: 'tree', topology: 'switch', workers: 3 });
    expect(r.phases).toEqual(['tree-reduce', 'tree-broadcast']);
    expect(r.doneAtS['worker/1']).toBeCloseTo(0.6, 12);
    expect(r.doneAtS['worker/0']).toBeCloseTo(0.7, 12);
    expect(r.doneAtS['worker/2']).toBeCloseTo(0.8, 12);
    expect(r.endS).toBeCloseTo(0.8, 12);
    expect(r.messages).toBe(6);
    expect(r.byLink['server→switch']).toMatchObject({ wireBytes: 200 });
    expect(r.byLink['switch→server']).toMatchObject({ wireBytes: 200 });
  });

  it('gather and broadcast on a ring have worker/0 as root', () => {
    const r = run({ collective: 'gather', topology: 'ring', workers: 3 });
    expect(r.participants).toEqual(['worker/0', 'worker/1', 'worker/2']);
    // worker/1 → worker/0 counter-clockwise and worker/2 → worker/0 clockwise: one hop each, in parallel
    expect(r.endS).toBeCloseTo(0.1, 12);
    expect(r.byLink['worker/1→worker/0']).toMatchObject({ wireBytes: 100 });
    expect(r.byLink['worker/2→worker/0']).toMatchObject({ wireBytes: 100 });
  });
});
