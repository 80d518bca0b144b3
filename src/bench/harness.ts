/** One line of benchmark output: printed as JSON, one object per line. */
export interface BenchRecord {
  bench: string;
  case: string;
  ms: number;
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

/** What {@link pairedMedians} measured. */
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
   * of the machine hits both sides of each ratio — rounded to 4 decimals.
   */
  ratio(a: number, b: number): number;
}

/**
 * Time several functions in alternation: `warmup` untimed calls of each, then
 * `rounds` rounds with one timed call of each (forward order in even rounds,
 * reverse order in odd ones, so neither side always runs right after the
 * other's garbage). Machine load drifts alike for all of them, and
 * {@link PairedTiming.ratio} compares them round by round. Wall time only here,
 * never in a simulation result.
 */
export function pairedMedians(fns: readonly (() => unknown)[], rounds: number, options: { warmup?: number } = {}): PairedTiming {
  const warmup = options.warmup ?? 1;
  const samples = fns.map(() => [] as number[]);
  const results: unknown[] = fns.map(() => undefined);
  for (let w = 0; w < warmup; w++) fns.forEach((fn, j) => (results[j] = fn()));
  const order = fns.map((_, j) => j);
  for (let r = 0; r < rounds; r++) {
    for (const j of r % 2 === 0 ? order : [...order].reverse()) {
      const fn = fns[j] as () => unknown;
      const t0 = performance.now();
      results[j] = fn();
      (samples[j] as number[]).push(performance.now() - t0);
    }
  }
  return {
    ms: samples.map((s) => round(median(s), 3)),
    samples,
    results,
    ratio(a: number, b: number): number {
      const sa = samples[a] as number[];
      const sb = samples[b] as number[];
      return round(median(sa.map((x, r) => x / (sb[r] as number))), 4);
    },
  };
}

/** Print one record as a JSON line on stdout. */
export function emit(record: BenchRecord): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
