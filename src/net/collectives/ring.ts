import type { ProcessGenerator } from '../../sim/index.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { Seconds } from '../units.js';
import { collectiveErrors } from './messages.js';
import { checkBodies, checkParticipants, runCollective } from './run.js';
import type { ChunkOps, CollectiveOptions, CollectiveReport, SizeOf } from './types.js';

/** What a ring all-reduce returns: every participant's reduced body. */
export interface AllReduceReport<B> extends CollectiveReport {
  /** `results[i]`: the reduced body at participant i (`join` of its chunks). */
  readonly results: readonly B[];
}

/** What an all-gather returns: every participant's copy of every body. */
export interface AllGatherReport<B> extends CollectiveReport {
  /** `results[i][j]`: participant j's body as participant i holds it at the end. */
  readonly results: readonly (readonly B[])[];
}

/**
 * Dense ring all-reduce (Patarasuk & Yuan's bandwidth-optimal ring, as in
 * Horovod/NCCL). Participants form a logical ring in the given order (node i
 * sends to i+1 mod P, over whatever route the network has; on `buildRing` that
 * is one hop). Each body is cut into P chunks by `split`.
 *
 * - Reduce-scatter, steps s = 0 … P−2: node i sends chunk (i − s) mod P to
 *   i+1, receives chunk (i − s − 1) mod P from i−1 and replaces its own copy by
 *   `combine(received, own)` — `a` is the partial sum of the predecessors.
 *   After P−1 steps node i holds the fully reduced chunk (i + 1) mod P.
 * - All-gather, steps s = 0 … P−2: node i sends chunk (i + 1 − s) mod P to
 *   i+1 and stores the chunk (i − s) mod P it receives.
 *
 * 2(P−1) steps in all; a node sends a step as soon as it has received the
 * previous one (no global barrier). Each node sends 2(P−1) chunks, i.e.
 * 2(P−1)/P of the body's payload for equal chunks; with equal chunks on
 * identical one-hop links the time is 2(P−1) × (latency + wire time of one
 * chunk's packet train). Combining takes no simulated time. Labels:
 * `<tag>/rs/<s>/<sender>`, `<tag>/ag/<s>/<sender>`. P = 1 returns the body.
 */
export function ringAllReduce<B>(network: Network, nodes: readonly NetNode[], bodies: readonly B[], ops: ChunkOps<B>, options: CollectiveOptions = {}): ProcessGenerator<AllReduceReport<B>> {
  checkParticipants('ring all-reduce', nodes);
  checkBodies('ring all-reduce', bodies, nodes);
  const P = nodes.length;
  return runCollective(network, 'ring-all-reduce', options, function* (run) {
    const mod = (x: number) => ((x % P) + P) % P;
    const node = function* (i: number) {
      const me = nodes[i] as NetNode;
      if (P === 1) return { result: bodies[i] as B, at: run.env.now };
      const next = nodes[mod(i + 1)] as NetNode;
      const prev = nodes[mod(i - 1)] as NetNode;
      const chunks = [...ops.split(bodies[i] as B, P)];
      if (chunks.length !== P) throw new Error(collectiveErrors.splitCount(chunks.length, P));
      for (let s = 0; s < P - 1; s++) {
        const out = chunks[mod(i - s)] as B;
        run.send(me, next, `rs/${s}/${me.name}`, out, ops.bytes(out));
        const d = yield* run.recv<B>(me, `rs/${s}/${prev.name}`);
        const k = mod(i - s - 1);
        chunks[k] = ops.combine(d.message.body, chunks[k] as B);
      }
      for (let s = 0; s < P - 1; s++) {
        const out = chunks[mod(i + 1 - s)] as B;
        run.send(me, next, `ag/${s}/${me.name}`, out, ops.bytes(out));
        const d = yield* run.recv<B>(me, `ag/${s}/${prev.name}`);
        chunks[mod(i - s)] = d.message.body;
      }
      return { result: ops.join(chunks), at: run.env.now };
    };
    const out = yield* run.all(
      nodes.map((_, i) => node(i)),
      nodes.map((n) => n.name),
    );
    const doneAtS = new Map<string, Seconds>(nodes.map((n, i) => [n.name, (out[i] as { at: Seconds }).at]));
    return { ...run.report(doneAtS), results: out.map((o) => o.result) };
  });
}

/**
 * Ring all-gather: every participant contributes a body of its own size (they
 * may differ, e.g. sparse messages) and ends with all of them. Participants
 * form a logical ring in the given order; in steps s = 0 … P−2 node i forwards
 * to i+1 the body of participant (i − s) mod P — its own at s = 0, then the
 * one it received in step s−1 — as soon as it has it, and receives the body of
 * (i − s − 1) mod P from i−1. So every body travels P−1 hops round the ring,
 * and node i sends every body except its successor's. With equal sizes on
 * identical one-hop links the time is (P−1) × (latency + wire time of one
 * body); with unequal sizes the bodies pipeline and the largest dominate.
 * Bodies are forwarded as the same objects. Labels: `<tag>/ag/<s>/<sender>`.
 */
export function ringAllGather<B>(network: Network, nodes: readonly NetNode[], bodies: readonly B[], size: SizeOf<B>, options: CollectiveOptions = {}): ProcessGenerator<AllGatherReport<B>> {
  checkParticipants('all-gather', nodes);
  checkBodies('all-gather', bodies, nodes);
  const P = nodes.length;
  return runCollective(network, 'all-gather', options, function* (run) {
    const mod = (x: number) => ((x % P) + P) % P;
    const node = function* (i: number) {
      const me = nodes[i] as NetNode;
      const have: B[] = new Array<B>(P);
      have[i] = bodies[i] as B;
      const next = nodes[mod(i + 1)] as NetNode;
      const prev = nodes[mod(i - 1)] as NetNode;
      for (let s = 0; s < P - 1; s++) {
        const out = have[mod(i - s)] as B;
        run.send(me, next, `ag/${s}/${me.name}`, out, size.bytes(out));
        const d = yield* run.recv<B>(me, `ag/${s}/${prev.name}`);
        have[mod(i - s - 1)] = d.message.body;
      }
      return { have, at: run.env.now };
    };
    const out = yield* run.all(
      nodes.map((_, i) => node(i)),
      nodes.map((n) => n.name),
    );
    const doneAtS = new Map<string, Seconds>(nodes.map((n, i) => [n.name, (out[i] as { at: Seconds }).at]));
    return { ...run.report(doneAtS), results: out.map((o) => o.have) };
  });
}
