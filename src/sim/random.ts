import seedrandom from 'seedrandom';

/**
 * A named, seeded random stream. Every stochastic component receives its own
 * stream, derived from (scenario seed, run index, component name), so adding a
 * component never changes the draws of another.
 *
 * Generator: seedrandom's Alea (fast, 2^116 period), seeded with the string
 * `gradwire/<seed>/<run>/<name>`.
 */
export class RandomStream {
  /** The full derivation key, for diagnostics. */
  readonly key: string;
  private readonly next: () => number;
  /** Second Box–Muller variate, cached between calls to `normal()`. */
  private spareNormal: number | undefined;

  constructor(seed: number | string, run: number, name: string) {
    this.key = `gradwire/${seed}/${run}/${name}`;
    this.next = seedrandom.alea(this.key);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Exponential with the given rate (mean 1/rate). Inverse-CDF, as d3-random. */
  exponential(rate = 1): number {
    return -Math.log1p(-this.next()) / rate;
  }

  /** Standard normal by the Box–Muller transform (both variates used). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal: exp(N(mu, sigma²)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Factory of named streams for one (seed, run). */
export class RandomStreams {
  constructor(
    readonly seed: number | string,
    readonly run: number,
  ) {}

  /** The stream for one component; the same name always gives the same draws. */
  stream(name: string): RandomStream {
    return new RandomStream(this.seed, this.run, name);
  }
}
