import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';

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
  if (m.nonZeros > m.features) problems.push({ path: 'model.nonZeros', expected: `at most model.features (${m.features})`, given: String(m.nonZeros) });
  if (m.kind === 'logistic-regression' && m.density !== 1) {
    problems.push({ path: 'model.density', expected: 'absent with model.nonZeros (sparse features are drawn by their own law)', given: String(m.density), hint: 'drop density, or drop nonZeros for dense features' });
  }
  if (m.kind === 'linear-regression') {
    for (const [field, fallback] of Object.entries(REGTOPK_FIELDS) as [keyof typeof REGTOPK_FIELDS, number][]) {
      if (m[field] !== fallback) {
        problems.push({ path: `model.${field}`, expected: 'absent with model.nonZeros (it sets the RegTop-k dense generator; sparse targets are x·w_true + noise)', given: String(m[field]), hint: 'drop it, or drop nonZeros for the RegTop-k data' });
      }
    }
  }
  return problems;
}
