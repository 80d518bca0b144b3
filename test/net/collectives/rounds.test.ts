import { describe, expect, it } from 'vitest';
import { COLLECTIVES, runCollectiveExperiment } from '../../../src/net/experiments/collective.js';
import { LINK_PRESETS } from '../../../src/net/index.js';
import { collectiveRounds } from '../../../src/net/collectives/rounds.js';

// The one table of what a collective sends (the scenario estimate's schemes and `gradwire collective`'s gate count
// with it), against the messages the simulated collectives send.
describe('collectiveRounds', () => {
  const sent = (collective: (typeof COLLECTIVES)[number], workers: number) =>
    runCollectiveExperiment({ collective, workers, bytes: 1000, topology: 'switch', link: LINK_PRESETS['ethernet-1g-udp']!, fidelity: 'message', seed: 1 }).messages;

  it('counts the messages each collective sends: exactly, recursive doubling at most (its fold and unfold send fewer)', () => {
    for (const P of [1, 2, 3, 4, 5, 6, 8]) {
      for (const name of COLLECTIVES) {
        const { rounds, perRound } = collectiveRounds(name, P, 1000);
        const log2 = Math.log2(P);
        if (name !== 'recursive-doubling' || Number.isInteger(log2)) expect(rounds * perRound, `${name}, P = ${P}`).toBe(sent(name, P));
        else {
          // P' = 2^⌊log2 P⌋ ranks double ⌊log2 P⌋ times, P − P' fold in and out
          const Pp = 2 ** Math.floor(log2);
          expect(sent(name, P), `P = ${P}`).toBe(Pp * Math.log2(Pp) + 2 * (P - Pp));
          expect(rounds * perRound).toBeGreaterThanOrEqual(sent(name, P));
          expect(rounds * perRound).toBeLessThanOrEqual(2 * sent(name, P));
        }
      }
    }
  });

  it('sends the ring all-reduce in chunks of ⌈B/P⌉, the others whole', () => {
    expect(collectiveRounds('ring-allreduce', 3, 1000)).toEqual({ rounds: 4, perRound: 3, bytes: 334 });
    expect(collectiveRounds('allgather', 3, 1000)).toEqual({ rounds: 2, perRound: 3, bytes: 1000 });
    expect(collectiveRounds('tree', 3, 1000)).toEqual({ rounds: 2, perRound: 3, bytes: 1000 });
  });
});
