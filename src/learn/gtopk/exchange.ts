import type { ProcessGenerator, SimEvent } from '../../sim/index.js';
import type { NetNode, Network, RecursiveDoublingReport, Seconds } from '../../net/index.js';
import { checkBodies, checkParticipants, runCollective } from '../../net/collectives/run.js';
import type { Combiner } from '../../net/collectives/types.js';
import type { GTopKPartial } from './tree.js';

type Gen<R> = Generator<SimEvent<any>, R, any>;

/** Options of {@link gTopKAllReduce}. */
export interface GTopKAllReduceOptions {
  /** Label prefix of every message (see `CollectiveOptions.tag`). */
  readonly tag?: string;
  /**
   * Seconds rank `rank` spends on one merge whose selection reads `entries`
   * candidates (|a| + |b|); absent: merges take no simulated time.
   */
  readonly mergeS?: (rank: number, entries: number) => Seconds;
  /** Called when a merge of `seconds` at `rank` ends (charge the energy ledger here). */
  readonly onMerge?: (rank: number, seconds: Seconds) => void;
}

/**
 * Payload bytes of a folded-away worker's gMask (eq. 7) as its partner sends
 * it on the unfold: one bit per entry of that worker's local top-k (is this
 * entry's value in x?). The folded worker knows its own top-k and x, but not
 * the merges in between (a value it selected can be dropped at a merge and its
 * index re-enter x from another subtree), so it cannot tell its gMask alone;
 * its partner performed every merge on the path and can.
 */
export function gMaskBytes(leaf: GTopKPartial): number {
  return Math.ceil(leaf.message.indices.length / 8);
}

/**
 * gTop-k's global top-k by recursive doubling (Shi et al., ICDCS 2019,
 * Algorithm 2; the schedule and fold rule of `recursiveDoubling` in
 * src/net/collectives), with the two costs a generic all-reduce does not
 * know of:
 * - each merge x ⊤ y (eq. 6) takes `mergeS(rank, |x| + |y|)` of simulated
 *   compute at the rank that performs it, between rounds: round r + 1's send
 *   waits for round r's merge (and the first round of an odd rank below 2r
 *   waits for its fold merge; its unfold waits for its last merge);
 * - with P not a power of two, the unfold carries x and the folded worker's
 *   gMask ({@link gMaskBytes}): bytes(x) + ⌈k/8⌉ (Algorithm 1 line 5 needs it).
 * Ranks are positions in `nodes`; every rank ends with the same x. P = 1
 * returns the leaf. Labels: `<tag>/fold/<sender>`, `<tag>/r<round>/<sender>`,
 * `<tag>/unfold/<sender>`.
 * @param leaves each rank's `localPartial`
 * @param combiner `gTopKCombiner` (k and the encoding)
 */
export function gTopKAllReduce(
  network: Network,
  nodes: readonly NetNode[],
  leaves: readonly GTopKPartial[],
  combiner: Combiner<GTopKPartial>,
  options: GTopKAllReduceOptions = {},
): ProcessGenerator<RecursiveDoublingReport<GTopKPartial>> {
  checkParticipants('gtopk', nodes);
  checkBodies('gtopk', leaves, nodes);
  const P = nodes.length;
  const m = 2 ** Math.floor(Math.log2(P));
  const r = P - m;
  const logM = Math.round(Math.log2(m));
  /** Real rank of new rank q (the fold rule: the odd ranks below 2r, then every rank ≥ 2r). */
  const realRank = (q: number) => (q < r ? 2 * q + 1 : q + r);
  return runCollective(network, 'recursive-doubling', { ...(options.tag !== undefined ? { tag: options.tag } : {}) }, function* (run) {
    const merge = function* (rank: number, a: GTopKPartial, b: GTopKPartial): Gen<GTopKPartial> {
      const out = combiner.combine(a, b);
      const seconds = options.mergeS?.(rank, a.message.indices.length + b.message.indices.length) ?? 0;
      if (seconds > 0) {
        yield run.env.timeout(seconds);
        options.onMerge?.(rank, seconds);
      }
      return out;
    };
    const node = function* (i: number): Gen<{ value: GTopKPartial; at: Seconds }> {
      const me = nodes[i] as NetNode;
      let value = leaves[i] as GTopKPartial;
      let folded: GTopKPartial | undefined; // the even partner's leaf, whose gMask this rank sends back
      if (i < 2 * r) {
        if (i % 2 === 0) {
          const partner = nodes[i + 1] as NetNode;
          run.send(me, partner, `fold/${me.name}`, value, combiner.bytes(value));
          const d = yield* run.recv<GTopKPartial>(me, `unfold/${partner.name}`);
          return { value: d.message.body, at: run.env.now };
        }
        const from = nodes[i - 1] as NetNode;
        const d = yield* run.recv<GTopKPartial>(me, `fold/${from.name}`);
        folded = d.message.body;
        value = yield* merge(i, folded, value);
      }
      const q = i < 2 * r ? (i - 1) / 2 : i - r;
      for (let k = 0; k < logM; k++) {
        const pq = q ^ (1 << k);
        const partner = nodes[realRank(pq)] as NetNode;
        run.send(me, partner, `r${k}/${me.name}`, value, combiner.bytes(value));
        const d = yield* run.recv<GTopKPartial>(me, `r${k}/${partner.name}`);
        value = q < pq ? yield* merge(i, value, d.message.body) : yield* merge(i, d.message.body, value);
      }
      if (folded !== undefined) {
        const to = nodes[i - 1] as NetNode;
        run.send(me, to, `unfold/${me.name}`, value, combiner.bytes(value) + gMaskBytes(folded));
      }
      return { value, at: run.env.now };
    };
    const out = yield* run.all(nodes.map((_, i) => node(i)), nodes.map((n) => n.name));
    const doneAtS = new Map<string, Seconds>(nodes.map((n, i) => [n.name, (out[i] as { at: Seconds }).at]));
    return { ...run.report(doneAtS), results: out.map((o) => o.value), rounds: logM + (r > 0 ? 2 : 0) };
  });
}
