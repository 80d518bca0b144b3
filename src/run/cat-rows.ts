import { selector, type Compressor } from '../learn/compress/index.js';
import type { SchemeConfig } from '../scenario/schema.js';
import type { CatRow } from './results.js';

/**
 * cat.csv rows of one direction's recorded sender: per decision its
 * compressor kept (`budgetCurves`: CAT's at `output.catCurveIterations`, in
 * iteration order), every T its search evaluated, ascending, the chosen one
 * marked. None unless the direction is configured to compress with CAT.
 */
export function catRows(scheme: SchemeConfig, direction: 'uplink' | 'downlink', sender: string, compressor: Compressor | undefined): CatRow[] {
  const curves = compressor === undefined ? undefined : selector(compressor).budgetCurves;
  const config = scheme[direction]?.compressor;
  if (curves === undefined || config?.kind !== 'cat') return [];
  const cost = config.cost;
  const unit = cost.kind === 'network' ? COST_UNITS[cost.metric] : cost.kind === 'payload' ? 'bit' : '1';
  return curves.flatMap((d) =>
    d.candidates.map((c) => ({
      scheme: scheme.name,
      direction,
      sender,
      iteration: d.iteration,
      searched_at: d.searchedAt,
      variant: d.variant,
      budget: c.budget,
      measure: c.measure,
      cost: c.cost,
      efficiency: c.efficiency,
      cost_unit: unit,
      chosen: c.budget === d.budget ? 1 : 0,
    })),
  );
}

/** Unit of C for each network cost metric. */
const COST_UNITS: Record<'bits' | 'packets' | 'seconds' | 'joules', string> = { bits: 'bit', packets: 'packet', seconds: 's', joules: 'J' };
