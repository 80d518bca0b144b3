import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';

/**
 * The schemes whose runs feed output.diagnostics: the parameter server (ρ̂ and
 * 1 − γ̂, thesis §6.6) and gTop-k (δ, §5.2); the others leave the columns empty.
 */
const DIAGNOSED_KINDS: ReadonlySet<string> = new Set(['parameter-server', 'gtopk']);

/** This file's messages (problems: field path, expected, given, hint). */
export const outputMessages = {
  diagnosticsPerBucket: (schemes: readonly string[]): Problem => ({
    path: 'output.diagnostics',
    expected:
      'false when a parameter-server or gtopk scheme of a workload profile compresses bucket by bucket (compressPer: bucket, the default): the diagnostics are measured on the whole gradient, which such a scheme never compresses at once',
    given: `true, with compressPer: bucket on ${schemes.map((s) => JSON.stringify(s)).join(', ')}`,
    hint: `set compressPer: model on ${schemes.length === 1 ? 'that scheme' : 'those schemes'}, or drop output.diagnostics`,
  }),
};

/**
 * Cross-field checks of the output block: output.diagnostics with a scheme
 * that compresses bucket by bucket would leave the diagnostic columns empty
 * without a word, so it is refused. Only a workload profile has more than one
 * bucket (a trained model is one layer, hence one bucket).
 */
export function outputProblems(s: Scenario): Problem[] {
  if (!s.output.diagnostics || s.model.kind !== 'profile') return [];
  const bucketed = s.schemes.filter((x) => x.compressPer === 'bucket' && DIAGNOSED_KINDS.has(x.kind)).map((x) => x.name);
  return bucketed.length > 0 ? [outputMessages.diagnosticsPerBucket(bucketed)] : [];
}
