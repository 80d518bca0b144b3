/**
 * The routes a scheme's messages take, for which each topology builder
 * declares the longest (in hops) as a function of its spec: 'server', a
 * worker to the server and back; 'neighbour', worker i to i ± 1 (mod P), as
 * the ring collectives send; 'peer', any worker to any other, as recursive
 * doubling's partners are. Estimates count per-hop state and events with them
 * (`src/scenario/estimate/`); test/net/topology/hops.test.ts checks each
 * against the routes a built network resolves.
 */
export type RoutePattern = 'server' | 'neighbour' | 'peer';
