import type { Combiner } from '../../../net/collectives/types.js';
import { bitsToBytes } from '../../../net/units.js';
import { INDICES_SENT, type SparseMessage } from '../../compress/message.js';
import { TopKWorkspace } from '../../compress/select.js';
import type { Encoding } from '../../encoding/encoding.js';
import { intersectSorted, mergeTopK } from './merge.js';
import { gMaskBytes } from './exchange.js';
import { gTopKErrors } from './messages.js';

/**
 * One body of gTop-k's recursive doubling: a k-sparse vector, priced by the
 * workers' encoding, and how it was made — a worker's local top-k, or the
 * merge of two partials (lower rank's first). Only `message` travels (its
 * `bits` are what the network carries); `rank` and `parts` are simulation
 * bookkeeping from which each worker's gMask (eq. 7) and its received
 * traffic are read after the exchange. A real worker would record the index
 * sets of the merges it performs instead.
 */
export type GTopKPartial =
  | {
      readonly kind: 'local';
      /** The worker (rank in the collective) whose TopK(acc) this is. */
      readonly rank: number;
      readonly message: SparseMessage;
    }
  | {
      readonly kind: 'merged';
      readonly message: SparseMessage;
      /** The two merged partials: `[lower rank's, higher rank's]`, as the collective combined them. */
      readonly parts: readonly [GTopKPartial, GTopKPartial];
    };

/** Worker `rank`'s local top-k as a leaf of the merge tree. */
export function localPartial(rank: number, message: SparseMessage): GTopKPartial {
  return { kind: 'local', rank, message };
}

/**
 * The combiner gTop-k gives `recursiveDoubling`: `combine(a, b)` is the
 * merge x ⊤ y of eq. 6 ({@link mergeTopK}, O(k)), priced by `encoding`
 * with the value code of `a` (all workers share it); `bytes` is
 * ⌈bits / 8⌉ of the current vector. Pure: neither argument is mutated.
 * @param k the common budget
 * @param encoding the workers' encoding (prices every merged vector exactly)
 * @param workspace reusable selection buffers (safe to share: a merge is synchronous)
 */
export function gTopKCombiner(k: number, encoding: Encoding, workspace: TopKWorkspace = new TopKWorkspace()): Combiner<GTopKPartial> {
  return {
    bytes: (p) => bitsToBytes(p.message.bits),
    combine: (a, b) => {
      const v = mergeTopK(a.message, b.message, k, workspace);
      const message = encoding.price({
        kind: 'sparse',
        dim: v.dim,
        indices: v.indices,
        indexing: INDICES_SENT,
        values: v.values,
        valueCode: a.message.valueCode,
      }) as SparseMessage;
      return { kind: 'merged', message, parts: [a, b] };
    },
  };
}

/**
 * gMask of eq. 7 for every worker, as sorted index lists: the coordinates at
 * which worker p's TopK(acc_p) contributes to the final global vector x.
 *
 * A merged partial's value at i is the sum of its parts' values at i over the
 * parts that hold i, and only if the merge kept i. So worker p's value at i
 * reaches x exactly when i is kept by every partial on the path from p's
 * leaf to the root: gMask_p = ∩ of the index sets along that path. This is
 * stricter than "p's local top-k ∩ the final indices": when p's value at i
 * is dropped at some merge and i later re-enters x from another subtree, p
 * did not contribute, and Algorithm 1 line 5 keeps p's value in its residual
 * (so Σ_p ε_p + x = Σ_p acc_p holds exactly, coordinate by coordinate).
 *
 * One top-down pass, O(k) per tree node, O(kP) in all.
 * @param root the final partial (any worker's result: all trees have the same values)
 * @param P number of workers; each must appear exactly once as a leaf
 */
export function contributionMasks(root: GTopKPartial, P: number): Int32Array[] {
  const masks = new Array<Int32Array | undefined>(P).fill(undefined);
  const visit = (node: GTopKPartial, allowed: Int32Array): void => {
    const kept = intersectSorted(allowed, node.message.indices);
    if (node.kind === 'local') {
      if (!(node.rank >= 0 && node.rank < P) || masks[node.rank] !== undefined) throw new Error(gTopKErrors.missingLeaf(node.rank, P));
      masks[node.rank] = kept;
      return;
    }
    visit(node.parts[0], kept);
    visit(node.parts[1], kept);
  };
  visit(root, root.message.indices);
  return masks.map((m, rank) => {
    if (m === undefined) throw new Error(gTopKErrors.missingLeaf(rank, P));
    return m;
  });
}

/** What one worker sent, received and merged in one gTop-k exchange. */
export interface RankExchange {
  /** Payload bytes it sent. */
  readonly sentBytes: number;
  /** Payload bytes it received. */
  readonly receivedBytes: number;
  /** Merges it performed (calls of `combine` on its side). */
  readonly merges: number;
  /** Entries its merges read, Σ (|a| + |b|): the length of their selection passes. */
  readonly mergedEntries: number;
}

/**
 * Per-worker traffic and merge work of one gTop-k exchange, read off the
 * merge tree with `recursiveDoubling`'s documented schedule (m = 2^⌊log2 P⌋,
 * r = P − m). Along worker p's path n₀ (its leaf) … n_L (the root), with
 * s_j the other part of n_j:
 * - an even rank p < 2r (folded away) sends n₀ and receives n_L with its
 *   gMask (`maskBytes(n₀)`, see `gMaskBytes`), merging nothing;
 * - an odd rank p < 2r receives s₁ … s_L, merges n₁ … n_L, and sends
 *   n₁ … n_{L−1} in the rounds and n_L with its partner's gMask
 *   (`maskBytes(s₁)`) in the unfold;
 * - every other rank receives s₁ … s_L, merges n₁ … n_L and sends n₀ … n_{L−1}.
 * The sent bytes equal `gTopKAllReduce`'s `payloadBytesByNode` (tested).
 * @param root the final partial
 * @param P number of workers
 * @param bytes payload bytes of one partial (the combiner's `bytes`)
 * @param maskBytes payload bytes of a folded worker's gMask, from its leaf (default `gMaskBytes`: one bit per local entry)
 */
export function exchangeByRank(root: GTopKPartial, P: number, bytes: (p: GTopKPartial) => number, maskBytes: (leaf: GTopKPartial) => number = gMaskBytes): RankExchange[] {
  /** One step of a path, leaf first: the partial, and (above the leaf) the part the path did not come from. */
  type Step = { readonly node: GTopKPartial; readonly other?: GTopKPartial };
  const paths = new Array<Step[] | undefined>(P).fill(undefined);
  const visit = (node: GTopKPartial, above: readonly Step[]): void => {
    if (node.kind === 'local') {
      if (!(node.rank >= 0 && node.rank < P) || paths[node.rank] !== undefined) throw new Error(gTopKErrors.missingLeaf(node.rank, P));
      paths[node.rank] = [{ node }, ...[...above].reverse()];
      return;
    }
    visit(node.parts[0], [...above, { node, other: node.parts[1] }]);
    visit(node.parts[1], [...above, { node, other: node.parts[0] }]);
  };
  visit(root, []);
  const m = 2 ** Math.floor(Math.log2(P));
  const r = P - m;
  return paths.map((path, p) => {
    if (path === undefined) throw new Error(gTopKErrors.missingLeaf(p, P));
    const L = path.length - 1;
    const n = (j: number) => (path[j] as Step).node;
    const s = (j: number) => (path[j] as Step).other as GTopKPartial;
    if (p < 2 * r && p % 2 === 0) return { sentBytes: bytes(n(0)), receivedBytes: bytes(n(L)) + maskBytes(n(0)), merges: 0, mergedEntries: 0 };
    let received = 0;
    let entries = 0;
    for (let j = 1; j <= L; j++) {
      received += bytes(s(j));
      entries += n(j - 1).message.indices.length + s(j).message.indices.length;
    }
    let sent = 0;
    if (p < 2 * r) {
      for (let j = 1; j <= L; j++) sent += bytes(n(j));
      sent += maskBytes(s(1)); // s₁ is the folded partner's leaf
    } else for (let j = 0; j < L; j++) sent += bytes(n(j));
    return { sentBytes: sent, receivedBytes: received, merges: L, mergedEntries: entries };
  });
}
