/** One line of benchmark output: printed as JSON, one object per line. */
export interface BenchRecord {
  bench: string;
  case: string;
  ms: number;
  [field: string]: unknown;
}

/**
 * Time `fn` `repeats` times after one warm-up and return the median wall time
 * (ms) together with the last run's result. Wall time is used only here, never
 * in a simulation result.
 */
export function timeMedian<R>(fn: () => R, repeats: number): { ms: number; result: R } {
  let result = fn(); // warm-up: lets the JIT settle before timing
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const ms = samples.length % 2 ? (samples[mid] as number) : ((samples[mid - 1] as number) + (samples[mid] as number)) / 2;
  return { ms: Math.round(ms * 1000) / 1000, result };
}

/** Print one record as a JSON line on stdout. */
export function emit(record: BenchRecord): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
