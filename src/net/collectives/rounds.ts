import type { CollectiveName } from '../experiments/collective.js';

// Types only: `gradwire collective` counts with it before it builds anything (src/cli/actions/collective.ts).

/** What a collective sends: `rounds` rounds, each of `perRound` messages in the network at once, each of `bytes`. */
export interface Rounds {
  readonly rounds: number;
  readonly perRound: number;
  readonly bytes: number;
}

/**
 * The one table of what each collective of P participants sends with a
 * message of `bytes` (this folder's processes; `gradwire collective … --json`
 * reports the same counts of messages): gather and broadcast one round of P;
 * the ring all-gather P − 1 rounds of P; the ring all-reduce 2(P − 1) rounds
 * of P chunks of ⌈bytes/P⌉; recursive doubling ⌈log2 P⌉ rounds of P (a bound
 * when P is not a power of two: its fold and unfold send fewer); the tree a
 * reduce and a broadcast of P. The scenario estimate's schemes are made of
 * these (src/scenario/estimate/traffic.ts).
 */
export function collectiveRounds(name: CollectiveName, P: number, bytes: number): Rounds {
  switch (name) {
    case 'gather':
    case 'broadcast':
      return { rounds: 1, perRound: P, bytes };
    case 'allgather':
      return { rounds: P - 1, perRound: P, bytes };
    case 'ring-allreduce':
      return { rounds: 2 * (P - 1), perRound: P, bytes: Math.ceil(bytes / P) };
    case 'recursive-doubling':
      return { rounds: Math.ceil(Math.log2(P)), perRound: P, bytes };
    case 'tree':
      return { rounds: 2, perRound: P, bytes };
  }
}
