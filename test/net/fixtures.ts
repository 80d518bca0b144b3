/**
 * Small setups the network tests share: a toy link whose times are worked out by hand, and a process that collects
 * what arrives in a node's inbox.
 */
import { expect } from 'vitest';
import type { Environment, SimEvent } from '../../src/sim/index.js';
import type { Delivery } from '../../src/net/message.js';
import type { NetNode } from '../../src/net/node.js';
import { LINK_PRESETS, type LinkPreset } from '../../src/net/presets/index.js';

/**
 * A link of 8 kb/s (a byte per ms) with no propagation delay and no headers, at most `maxPayloadBytes` of payload
 * per packet: a 100-byte packet takes exactly 0.1 s.
 */
export function toyLink(maxPayloadBytes: number): LinkPreset {
  return { ...LINK_PRESETS['ethernet-1g-udp']!, name: 'toy', bandwidthBps: 8000, latencyS: 0, framing: { maxPayloadBytes, minFrameBytes: 0, headers: [] } };
}

/** What reached a node's inbox, and when, filled as the simulation runs. */
export interface Inbox {
  readonly deliveries: Delivery[];
  readonly atS: number[];
}

/** Start a process that takes every delivery (at most `count`) from `node`'s inbox as it arrives. */
export function collectInbox(env: Environment, node: NetNode, count = Infinity): Inbox {
  const inbox: Inbox = { deliveries: [], atS: [] };
  env.process(
    (function* (): Generator<SimEvent<any>, void, any> {
      for (let i = 0; i < count; i++) {
        inbox.deliveries.push(yield node.inbox.get());
        inbox.atS.push(env.now);
      }
    })(),
  );
  return inbox;
}

/**
 * Check that `trial` succeeds in `runs` seeded runs at `rate`: the count within 4 standard deviations of the
 * binomial's mean (both ways), so a seeded run fails only if the rate is wrong.
 */
export function expectSuccessRate(runs: number, rate: number, trial: (run: number) => boolean): void {
  let hits = 0;
  for (let run = 0; run < runs; run++) if (trial(run)) hits++;
  expect(Math.abs(hits / runs - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / runs));
}
