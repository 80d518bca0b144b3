import type { Scenario } from './schema.js';
import { checkMessages as msg, type Problem } from './messages.js';

/** Fields of the RegTop-k linear generator, and their defaults (set to anything else they ask for that generator). */
const REGTOPK_FIELDS = { meanOfMeans: 0, meanVariance: 5, truthVariance: 1 } as const;

/**
 * Cross-field checks of the sparse (RCV1-like) features of the logistic and
 * linear models: at most d non-zeros per sample, and no field of the dense
 * generator beside `nonZeros` (each generator draws by its own law).
 */
export function sparseProblems(s: Scenario): Problem[] {
  const m = s.model;
  if ((m.kind !== 'logistic-regression' && m.kind !== 'linear-regression') || m.nonZeros === undefined) return [];
  const problems: Problem[] = [];
  if (m.nonZeros > m.features) problems.push(msg.nonZerosAboveFeatures(m.nonZeros, m.features));
  if (m.kind === 'logistic-regression' && m.density !== 1) {
    problems.push(msg.densityWithNonZeros(m.density));
  }
  if (m.kind === 'linear-regression') {
    for (const [field, fallback] of Object.entries(REGTOPK_FIELDS) as [keyof typeof REGTOPK_FIELDS, number][]) {
      if (m[field] !== fallback) {
        problems.push(msg.denseGeneratorField(field, m[field]));
      }
    }
  }
  return problems;
}
