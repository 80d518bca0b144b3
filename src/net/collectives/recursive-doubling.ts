import type { ProcessGenerator } from '../../sim/index.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { Seconds } from '../units.js';
import { checkBodies, checkParticipants, runCollective } from './run.js';
import type { CollectiveOptions, CollectiveReport, Combiner } from './types.js';

/** What a recursive-doubling exchange returns: every participant's combined body. */
export interface RecursiveDoublingReport<B> extends CollectiveReport {
  /** `results[i]`: the combination of all bodies as participant i ends with it. */
  readonly results: readonly B[];
  /** Communication rounds, counting the fold and unfold rounds when P is not a power of two. */
  readonly rounds: number;
}

/** What a caller adds to a plain recursive-doubling exchange (gTop-k: its merges' compute and the gMask bytes). */
export interface RecursiveDoublingOptions<B> extends CollectiveOptions {
  /**
   * Simulated seconds rank `rank` spends on `combine(a, b)`, between rounds:
   * its next send waits for it. Absent: combining takes no simulated time.
   */
  readonly combineS?: (rank: number, a: B, b: B) => Seconds;
  /** Called when a combine of `seconds` > 0 at `rank` ends (charge the energy ledger here). */
  readonly onCombine?: (rank: number, seconds: Seconds) => void;
  /** Bytes the unfold carries beyond `bytes(result)`, given the folded-away rank's own body. Absent: none. */
  readonly unfoldExtraBytes?: (folded: B) => number;
}

/**
 * Recursive-doubling exchange (all-reduce by butterfly; as in gTop-k, where
 * `combine` merges two sparse vectors and re-selects the top k). Ranks are
 * positions in `nodes`.
 *
 * P a power of two: in round r = 0 … log2 P − 1, rank i exchanges its current
 * body with rank i XOR 2^r (both send at once, each as soon as it finished the
 * previous round) and both replace it by `combine(lower rank's, higher
 * rank's)` — the same call on both sides, so partners stay identical even
 * when `combine` is not commutative. After log2 P rounds every rank holds the
 * combination of all bodies. Message sizes follow `bytes` of the current
 * body, so a body that grows or shrinks when combined is charged as it is.
 *
 * Otherwise (the standard rule, as in MPICH's recursive-doubling allreduce and
 * Rabenseifner's algorithm): let m = 2^⌊log2 P⌋ and r = P − m.
 * 1. Fold: among the first 2r ranks, each even rank i sends its body to i+1,
 *    which combines `combine(body_i, body_{i+1})`; the even ranks then wait.
 * 2. The m remaining ranks — the odd ones below 2r, with new rank (i−1)/2, and
 *    every rank i ≥ 2r, with new rank i − r — run recursive doubling on their
 *    new ranks (order by new rank is order by rank, so "lower rank first"
 *    still holds).
 * 3. Unfold: each odd rank i < 2r sends the result to i−1.
 * That is log2 m + 2 rounds, the fold and unfold moving one body each between
 * r disjoint pairs. Labels: `<tag>/fold/<sender>`, `<tag>/r<round>/<sender>`,
 * `<tag>/unfold/<sender>`. P = 1 returns the body.
 */
export function recursiveDoubling<B>(
  network: Network,
  nodes: readonly NetNode[],
  bodies: readonly B[],
  ops: Combiner<B>,
  options: RecursiveDoublingOptions<B> = {},
): ProcessGenerator<RecursiveDoublingReport<B>> {
  checkParticipants('recursive doubling', nodes);
  checkBodies('recursive doubling', bodies, nodes);
  const P = nodes.length;
  const m = 2 ** Math.floor(Math.log2(P));
  const r = P - m;
  const logM = Math.round(Math.log2(m));
  /** Real rank of new rank q. */
  const realRank = (q: number) => (q < r ? 2 * q + 1 : q + r);
  const { combineS, onCombine, unfoldExtraBytes } = options;
  return runCollective(network, 'recursive-doubling', options, function* (run) {
    const combine = function* (rank: number, a: B, b: B): ProcessGenerator<B> {
      const out = ops.combine(a, b);
      const seconds = combineS?.(rank, a, b) ?? 0;
      if (seconds > 0) {
        yield run.env.timeout(seconds);
        onCombine?.(rank, seconds);
      }
      return out;
    };
    const node = function* (i: number) {
      const me = nodes[i] as NetNode;
      let value = bodies[i] as B;
      let folded: B | undefined; // the even partner's body (what the unfold's extra bytes are about)
      if (i < 2 * r) {
        if (i % 2 === 0) {
          const partner = nodes[i + 1] as NetNode;
          run.send(me, partner, `fold/${me.name}`, value, ops.bytes(value));
          const d = yield* run.recv<B>(me, `unfold/${partner.name}`);
          return { value: d.message.body, at: run.env.now };
        }
        const from = nodes[i - 1] as NetNode;
        const d = yield* run.recv<B>(me, `fold/${from.name}`);
        folded = d.message.body;
        value = yield* combine(i, folded, value);
      }
      const q = i < 2 * r ? (i - 1) / 2 : i - r;
      for (let k = 0; k < logM; k++) {
        const pq = q ^ (1 << k);
        const partner = nodes[realRank(pq)] as NetNode;
        run.send(me, partner, `r${k}/${me.name}`, value, ops.bytes(value));
        const d = yield* run.recv<B>(me, `r${k}/${partner.name}`);
        value = q < pq ? yield* combine(i, value, d.message.body) : yield* combine(i, d.message.body, value);
      }
      if (folded !== undefined) {
        const to = nodes[i - 1] as NetNode;
        run.send(me, to, `unfold/${me.name}`, value, ops.bytes(value) + (unfoldExtraBytes?.(folded) ?? 0));
      }
      return { value, at: run.env.now };
    };
    const out = yield* run.all(
      nodes.map((_, i) => node(i)),
      nodes.map((n) => n.name),
    );
    const doneAtS = new Map<string, Seconds>(nodes.map((n, i) => [n.name, (out[i] as { at: Seconds }).at]));
    return { ...run.report(doneAtS), results: out.map((o) => o.value), rounds: logM + (r > 0 ? 2 : 0) };
  });
}
