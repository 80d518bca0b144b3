import type { RandomStreams } from '../sim/index.js';
import { Encoding, ErrorFeedback, Identity, Qsgd, RandK, StochasticSparsifier, TopK, TopKSign, type Compressor } from '../learn/compress/index.js';
import { RegTopK } from '../learn/compress/regtopk.js';
import type { Budget, BudgetTuner } from '../learn/compress/budget.js';
import { AdapTopK } from '../learn/tuners/adaptopk.js';
import { makeAlistarhCompressor } from '../learn/compress/alistarh.js';
import { makeCatCompressor } from '../learn/compress/cat.js';
import { bitsToBytes, costOf, type LinkPreset } from '../net/index.js';
import { effectiveLink } from './resolve.js';
import type { Model } from '../learn/models/model.js';
import { oneOverL, rateAt, type Schedule } from '../learn/schedule.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';

type Direction = SchemeConfig['uplink'];

/**
 * A compressor for one direction of a scheme, from its configuration: the
 * compressor, priced by the direction's encoding, wrapped in error feedback if
 * asked. `owner` names the sender (e.g. "worker/3", "server") so every
 * stochastic compressor draws from its own stream; Rand-k's shared indices
 * come from a stream named by scheme and direction, which sender and
 * receiver both derive.
 */
export function makeCompressor(direction: Direction, d: number, scheme: string, owner: string, streams: RandomStreams, context: CompressorContext): Compressor {
  const encoding = new Encoding({ indices: direction.encoding.indices, header: direction.encoding.header });
  const c = direction.compressor;
  const fixed: Budget = 'k' in c && c.k !== undefined ? { k: c.k } : { ratio: (c as { ratio?: number }).ratio ?? 1 };
  const b = direction.budget;
  const budget: Budget | BudgetTuner =
    b.kind === 'adaptopk'
      ? new AdapTopK({
          budget: fixed,
          iterations: context.iterations,
          gamma: b.gamma,
          ...(b.turningPoint !== undefined ? { turningPoint: b.turningPoint } : { constants: b.constants! }),
        })
      : fixed;
  const rng = () => streams.stream(`compress/${scheme}/${owner}`);
  let inner: Compressor;
  switch (c.kind) {
    case 'identity':
      inner = new Identity(d, { encoding, precision: c.precision });
      break;
    case 'topk':
      inner = new TopK(d, budget, { encoding, precision: c.precision });
      break;
    case 'randk':
      inner = new RandK(d, budget, { encoding, precision: c.precision, unbiased: c.unbiased, streams, stream: `randk/${scheme}/${owner}` });
      break;
    case 'topk-sign':
      inner = new TopKSign(d, budget, { encoding, scale: c.scale });
      break;
    case 'stochastic':
      inner = new StochasticSparsifier(d, budget, { encoding, precision: c.precision, rng: rng() });
      break;
    case 'qsgd':
      inner = new Qsgd(d, { encoding, levels: c.levels, rng: rng() });
      break;
    case 'regtopk':
      inner = new RegTopK(d, budget, { encoding, precision: c.precision, mu: c.mu, q: c.q, denominator: c.denominator, weight: context.weight });
      break;
    case 'cat': {
      if (context.model.smoothness === undefined) throw new Error(`CAT needs the smoothness L of model "${context.model.name}"`);
      const cost = c.cost;
      const catCost = cost.kind === 'network' ? (payloadBits: number) => costOf(context.link, bitsToBytes(payloadBits))[cost.metric] : cost;
      inner = makeCatCompressor({
        variant: c.variant,
        dim: d,
        L: context.model.smoothness(),
        cost: catCost,
        encoding,
        precision: c.precision,
        ...(c.hybridEvery !== undefined ? { hybridEvery: c.hybridEvery } : {}),
        ...(c.step === 'common' ? { step: catStepOf(owner) } : {}),
        ...(c.searchCharge !== 'as-run' ? { searchCharge: c.searchCharge } : {}),
        ...(c.variant === 'stochastic' ? { rng: rng() } : {}),
        ...(context.catCurveIterations !== undefined ? { curveIterations: context.catCurveIterations } : {}),
      });
      break;
    }
    case 'alistarh':
      inner = makeAlistarhCompressor({ dim: d, encoding, quantize: c.quantize, precision: c.precision });
      break;
  }
  return direction.errorFeedback ? new ErrorFeedback(inner) : inner;
}

/** CAT App. G's common step combines the workers' messages: the server's broadcast has none to combine with. */
function catStepOf(owner: string): 'common' {
  if (owner === 'server') throw new Error('CAT step: common (App. G) steps the mean of the workers’ messages; the server’s downlink has nothing to combine — use step: per-worker there');
  return 'common';
}

/** What a compressor may need beyond its configuration. */
export interface CompressorContext {
  /** The weight ω of this sender's message in the aggregate (1/P for a mean, 1 for a sum). */
  readonly weight: number;
  /** The model's name and smoothness L (CAT's step 1/L). */
  readonly model: Pick<Model, 'name' | 'smoothness'>;
  /** The sender's link (the network cost model prices CAT's C(T) on it). */
  readonly link: LinkPreset;
  readonly iterations: number;
  /** Iterations at which a CAT compressor keeps the curve its search evaluated (for cat.csv); absent: none. */
  readonly catCurveIterations?: readonly number[];
}

/** The step size η_t of a scenario for a model (1-based t). */
export function learningRate(s: Scenario, model: Pick<Model, 'name' | 'smoothness'>): (t: number) => number {
  const lr = s.training.learningRate;
  if (typeof lr === 'number') return () => lr;
  if (lr.kind === 'one-over-l') {
    if (model.smoothness === undefined) throw new Error(`model "${model.name}" has no smoothness estimate for a 1/L step`);
    const eta = oneOverL(model.smoothness(), lr.multiple);
    return () => eta;
  }
  const schedule: Schedule = lr;
  // schedules count updates from 0; schemes number iterations from 1
  return (t) => rateAt(schedule, t - 1);
}

/** The compressor context of a scenario's first worker (tests and tools that build compressors directly). */
export function compressorContext(s: Scenario, model: Model): CompressorContext {
  return { weight: 1 / s.workers.count, model, iterations: s.training.iterations, link: effectiveLink(s.network.workerLink) };
}
