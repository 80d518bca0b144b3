/**
 * One line of benchmark output: printed as JSON, one object per line. A case
 * timed next to another carries `baseline` and `ratio` (see {@link compared});
 * a baseline's own line has neither.
 */
export interface BenchRecord {
  bench: string;
  case: string;
  ms: number;
  /** The `case` of the line this one is compared with: printed in the same group of lines (same bench, same parameters), timed next to it. */
  baseline?: string;
  /**
   * This case's ms over the baseline's ms, as the median over rounds of the
   * per-round ratios ({@link PairedTiming.ratio}): above 1 this case is slower
   * than its baseline, below 1 faster.
   */
  ratio?: number;
  [field: string]: unknown;
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** What {@link pairedMedians} or {@link pairedRepeats} measured. */
export interface PairedTiming {
  /** Median wall ms of each function, in the order given, rounded to µs. */
  readonly ms: readonly number[];
  /** Every timed sample (ms) of each function; `samples[j][r]` is function j in round r. */
  readonly samples: readonly (readonly number[])[];
  /** The value each function returned on its last call. */
  readonly results: readonly unknown[];
  /**
   * The median over rounds of `samples[a][r] / samples[b][r]` — the ratio of
   * two functions timed next to each other in the same round, so a slow spell
   * of the machine hits both sides of each ratio — to 4 significant digits
   * (ratios span orders of magnitude: a sparse merge is 10⁻⁵ of a dense one).
   */
  ratio(a: number, b: number): number;
}

/** The order of the calls in round `r`: forward in even rounds, backward in odd ones, so neither side always runs right after the other's garbage. */
function roundOrder(count: number, r: number): number[] {
  const order = Array.from({ length: count }, (_, j) => j);
  return r % 2 === 0 ? order : order.reverse();
}

function pairedTiming(samples: readonly (readonly number[])[], results: readonly unknown[]): PairedTiming {
  return {
    ms: samples.map((s) => round(median(s), 3)),
    samples,
    results,
    ratio(a: number, b: number): number {
      const sa = samples[a] as readonly number[];
      const sb = samples[b] as readonly number[];
      return Number(median(sa.map((x, r) => x / (sb[r] as number))).toPrecision(4));
    },
  };
}

/**
 * Time several functions in alternation: `warmup` untimed calls of each, then
 * `rounds` rounds with one timed call of each (forward order in even rounds,
 * reverse order in odd ones). Machine load drifts alike for all of them, and
 * {@link PairedTiming.ratio} compares them round by round. `repetitions[j]`:
 * how many times function j repeats its work within one call (a short case
 * looped so each sample lasts long enough to time); its samples, ms and
 * ratios are then per repetition. Wall time only here, never in a simulation
 * result.
 */
export function pairedMedians(fns: readonly (() => unknown)[], rounds: number, options: { warmup?: number; repetitions?: readonly number[] } = {}): PairedTiming {
  const warmup = options.warmup ?? 1;
  const samples = fns.map(() => [] as number[]);
  const results: unknown[] = fns.map(() => undefined);
  for (let w = 0; w < warmup; w++) fns.forEach((fn, j) => (results[j] = fn()));
  for (let r = 0; r < rounds; r++) {
    for (const j of roundOrder(fns.length, r)) {
      const fn = fns[j] as () => unknown;
      const t0 = performance.now();
      results[j] = fn();
      (samples[j] as number[]).push((performance.now() - t0) / (options.repetitions?.[j] ?? 1));
    }
  }
  return pairedTiming(samples, results);
}

/** What {@link pairedRepeats} measured: the paired timing, and what every call returned. */
export interface PairedRuns<T> extends PairedTiming {
  /** `runs[j][r]`: what function j returned in repeat r. */
  readonly runs: readonly (readonly T[])[];
}

/**
 * Paired timing of cases that time themselves — a child process reporting
 * its own wall time or peak memory, an asynchronous run — in the same
 * alternation as {@link pairedMedians} (no warm-up: each call is a fresh
 * process or a whole run): `repeats` rounds of one call of each; `msOf` reads
 * a call's wall ms from what it returned, and {@link PairedTiming.ratio}
 * compares them repeat by repeat.
 */
export async function pairedRepeats<T>(fns: readonly (() => T | Promise<T>)[], repeats: number, msOf: (result: T) => number): Promise<PairedRuns<T>> {
  const runs = fns.map(() => [] as T[]);
  for (let r = 0; r < repeats; r++) {
    for (const j of roundOrder(fns.length, r)) (runs[j] as T[]).push(await (fns[j] as () => T | Promise<T>)());
  }
  const timing = pairedTiming(
    runs.map((rs) => rs.map(msOf)),
    runs.map((rs) => rs.at(-1)),
  );
  return { ...timing, runs };
}

/** The `baseline` and `ratio` fields of function `a`'s line, compared with function `b`, whose line's case is `baseline`. */
export function compared(t: PairedTiming, a: number, b: number, baseline: string): { baseline: string; ratio: number } {
  return { baseline, ratio: t.ratio(a, b) };
}

/** Print one record as a JSON line on stdout. */
export function emit(record: BenchRecord): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
