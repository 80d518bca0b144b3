// Light (no imports): `src/cli/net-reach.ts` counts with it at start-up, as the scenario estimate (src/scenario/estimate/events.ts) does.

/** Engine events per packet per hop: its transmit and its receive. */
export const EVENTS_PER_PACKET_HOP = 2;
