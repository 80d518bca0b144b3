import { allGather, ringAllReduceScheme } from './decentralized.js';
import { parameterServer } from './parameter-server.js';
import { gTopK } from './gtopk/scheme.js';
import type { Scheme } from './types.js';

/** The distributed protocols a scenario can pick, by name. */
export const SCHEMES: Readonly<Record<'parameter-server' | 'allgather' | 'ring-allreduce' | 'gtopk', Scheme>> = {
  'parameter-server': parameterServer,
  allgather: allGather,
  'ring-allreduce': ringAllReduceScheme,
  gtopk: gTopK,
};

export * from './types.js';
