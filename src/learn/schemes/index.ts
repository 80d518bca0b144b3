import { allGather, ringAllReduceScheme } from './decentralized.js';
import { parameterServer } from './parameter-server.js';
import { gTopK } from './gtopk/scheme.js';
import type { Scheme } from './types.js';

/** A distributed protocol's name, as a scenario picks it. */
export type SchemeKind = 'parameter-server' | 'allgather' | 'ring-allreduce' | 'gtopk';

/** The distributed protocols a scenario can pick, by name. */
export const SCHEMES: Readonly<Record<SchemeKind, Scheme>> = {
  'parameter-server': parameterServer,
  allgather: allGather,
  'ring-allreduce': ringAllReduceScheme,
  gtopk: gTopK,
};

/**
 * Which protocols call the diagnostics hooks (`output.diagnostics`): the
 * parameter server (ρ̂ and 1 − γ̂, thesis §6.6) and gTop-k (δ, §5.2); the
 * others leave those columns empty.
 */
export const FEEDS_DIAGNOSTICS: Readonly<Record<SchemeKind, boolean>> = {
  'parameter-server': true,
  allgather: false,
  'ring-allreduce': false,
  gtopk: true,
};

export * from './types.js';
