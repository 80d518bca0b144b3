import { allGather, ringAllReduceScheme } from './decentralized.js';
import { parameterServer } from './parameter-server.js';
import type { Scheme } from './types.js';

/** The distributed protocols a scenario can pick, by name. */
export const SCHEMES: Readonly<Record<'parameter-server' | 'allgather' | 'ring-allreduce', Scheme>> = {
  'parameter-server': parameterServer,
  allgather: allGather,
  'ring-allreduce': ringAllReduceScheme,
};

export * from './types.js';
