import { selector, type Compressor } from '../learn/compress/index.js';
import { CatCompressor } from '../learn/tuners/cat.js';
import type { SchemeConfig } from '../scenario/schema.js';
import type { CatRow } from './results.js';

/**
 * cat.csv rows of one direction's recorded sender: per decision kept at
 * `output.catCurveIterations` (in iteration order), every T its search
 * evaluated, ascending, the chosen one marked. None unless it compresses with CAT.
 */
export function catRows(scheme: SchemeConfig, direction: 'uplink' | 'downlink', sender: string, compressor: Compressor | undefined): CatRow[] {
  const inner = compressor === undefined ? undefined : selector(compressor);
  const config = scheme[direction]?.compressor;
  if (!(inner instanceof CatCompressor) || config?.kind !== 'cat') return [];
  const cost = config.cost;
  const unit = cost.kind === 'network' ? COST_UNITS[cost.metric] : cost.kind === 'payload' ? 'bit' : '1';
  return inner.catTuner.curves.flatMap((d) =>
    (d.search.candidates ?? []).map((c) => ({
      scheme: scheme.name, direction, sender, iteration: d.iteration, searched_at: d.searchedAt, variant: inner.variant,
      budget: c.budget, measure: c.measure, cost: c.cost, efficiency: c.efficiency, cost_unit: unit, chosen: c.budget === d.budget ? 1 : 0,
    })),
  );
}

/** Unit of C for each network cost metric. */
const COST_UNITS: Record<'bits' | 'packets' | 'seconds' | 'joules', string> = { bits: 'bit', packets: 'packet', seconds: 's', joules: 'J' };
