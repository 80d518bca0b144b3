import type { SchemeConfig } from '../schema.js';
import { COMPRESSOR_TRAITS } from '../compressor-traits.js';
import { collectiveRounds, type Rounds } from '../../net/collectives/rounds.js';

/** k of a direction's compressor: its k, ⌈ratio·d⌉, or d when it has no fixed budget. */
export function budgetK(c: SchemeConfig['uplink']['compressor'], d: number): number {
  if ('k' in c && c.k !== undefined) return Math.min(d, c.k);
  if ('ratio' in c && c.ratio !== undefined) return Math.max(1, Math.ceil(c.ratio * d));
  return d;
}

/** Payload bytes of one message of a direction (its compressor's payload trait): 4d dense, 8 bytes per kept coordinate sparse. */
export function messageBytes(c: SchemeConfig['uplink']['compressor'] | undefined, d: number): number {
  if (c === undefined || COMPRESSOR_TRAITS[c.kind].payload === 'dense') return 4 * d;
  return 8 * budgetK(c, d);
}

/**
 * The collectives one iteration of a scheme runs (collectiveRounds): a
 * parameter server gathers P uploads and broadcasts P downloads (the dense
 * model without a downlink compressor); all-gather and ring all-reduce (of the
 * dense 4d) are their collectives; gTop-k is a recursive doubling of its
 * sparse messages — its warmup iterations a dense ring all-reduce (`warmup`).
 */
export function schemeRounds(scheme: SchemeConfig, d: number, P: number, warmup = false): Rounds[] {
  const up = messageBytes(scheme.uplink.compressor, d);
  switch (scheme.kind) {
    case 'parameter-server':
      return [collectiveRounds('gather', P, up), collectiveRounds('broadcast', P, messageBytes(scheme.downlink?.compressor, d))];
    case 'allgather':
      return [collectiveRounds('allgather', P, up)];
    case 'ring-allreduce':
      return [collectiveRounds('ring-allreduce', P, 4 * d)];
    case 'gtopk':
      return [warmup ? collectiveRounds('ring-allreduce', P, 4 * d) : collectiveRounds('recursive-doubling', P, up)];
  }
}

/**
 * The messages of a scheme in the network at once, and the largest payload
 * among them: a round of its collectives (gTop-k's dense warmup chunks
 * counted when it has a warmup). The memory estimate's fact.
 */
export function messagesAtOnce(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number } {
  const rounds = [...schemeRounds(scheme, d, P), ...(scheme.kind === 'gtopk' && scheme.warmupIterations !== undefined ? schemeRounds(scheme, d, P, true) : [])];
  return { messages: Math.max(...rounds.map((r) => r.perRound)), bytes: Math.max(...rounds.map((r) => r.bytes)) };
}

/** Messages one iteration of a scheme sends, by size: every round of its collectives (the event and time-use estimates' fact). */
export function traffic(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number }[] {
  return schemeRounds(scheme, d, P).map((r) => ({ messages: r.rounds * r.perRound, bytes: r.bytes }));
}
