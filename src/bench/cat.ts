import { Encoding, indexWidth } from '../learn/encoding/encoding.js';
import { catSearch, costFunctionOf, shapeOf, type CatVariant } from '../learn/tuners/index.js';
import type { ReferenceModel } from '../learn/tuners/cat/reference-cost.js';
import { benchVector, onePass } from './compress.js';
import { compared, emit, pairedMedians } from './harness.js';

const DIMS = [100_000, 1_000_000, 10_000_000];

/**
 * The two reference models of the CAT paper the search cases use (C in bits):
 * affine — one UDP datagram over Ethernet, c1 = 1 per payload bit, c0 = 54
 * bytes of headers (§2.2); packet — §6's model, c1 = 576 bytes per packet,
 * c0 = 64 bytes, Pmax = 512 bytes (eq. 6).
 */
const MODELS: readonly { readonly name: 'cat-search-affine' | 'cat-search-packet'; readonly model: ReferenceModel }[] = [
  { name: 'cat-search-affine', model: { kind: 'affine', c1: 1, c0: 54 * 8 } },
  { name: 'cat-search-packet', model: { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 } },
];

/** CAT's sparsification step 1 (eq. 8) — the case Prop. 1 speaks about. */
const VARIANT: CatVariant = 'sparsification';

/**
 * CAT's search (step 1 of eq. 8) against one pass: for d ∈ {1e5, 1e6, 1e7},
 * on the `one-pass` bench vectors (standard normals, stream
 * `bench/compress/<d>`), with packed indices and fp32 values (CAT eq. 5:
 * P(T) = T(⌈log2 d⌉ + 32)), one JSON line each for
 * - `cat-one-pass`: Σ|x| (the floor: ‖g‖² alone needs one pass; the same
 *   function as the Top-k cases' `one-pass`, timed here next to the searches),
 * - `cat-search-affine` / `cat-search-packet`: `catSearch` with the affine
 *   and packet reference models, with `baseline: "cat-one-pass"` and
 *   `ratio` (also printed as `overOnePass`) = the median over rounds of
 *   search ms / one-pass ms in the same round (issue 5's target: ≤ 4), the
 *   chosen T, how it was certified and how many magnitudes were sorted.
 * The three are timed in alternation (medians, see `pairedMedians`).
 */
export async function runCatBench(): Promise<void> {
  const encoding = new Encoding({ indices: 'packed' });
  for (const d of DIMS) {
    const x = benchVector(d);
    const layout = { kind: 'sparse' as const, dim: d, value: 'fp32' as const };
    const payloadBits = (t: number) => encoding.bitsFor(layout, t);
    const searches = MODELS.map(({ model }) => {
      const ofBits = costFunctionOf(model);
      return () => catSearch(x, { variant: VARIANT, cost: (t) => ofBits(payloadBits(t)), payloadBits, shape: shapeOf(model) });
    });
    const rounds = d >= 10_000_000 ? 15 : 41;
    const t = pairedMedians([() => onePass(x), ...searches], rounds);
    emit({ bench: 'compress', case: 'cat-one-pass', d, ms: t.ms[0] as number, rounds });
    MODELS.forEach(({ name }, j) => {
      const r = t.results[j + 1] as ReturnType<typeof catSearch>;
      const vsOnePass = compared(t, j + 1, 0, 'cat-one-pass');
      emit({
        bench: 'compress',
        case: name,
        d,
        ms: t.ms[j + 1] as number,
        ...vsOnePass,
        rounds,
        overOnePass: vsOnePass.ratio,
        variant: VARIANT,
        indexBits: indexWidth(d),
        budget: r.budget,
        strategy: r.strategy,
        passes: r.passes,
        sortedElements: r.sortedElements,
      });
    });
  }
}
