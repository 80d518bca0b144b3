import type { Compressor } from '../learn/compress/index.js';
import { SCHEME_STATUSES, type SummaryJson, type TimeToTargetJson, type VerdictJson } from '../results/index.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { GRADWIRE_VERSION } from '../version.js';
import type { BuiltModel } from './build-model.js';
import type { CatRow, LinkRow, MetricRow, NodeRow, TimeRow } from './results.js';

/** How one scheme's run ended (a discriminated union, as tinybench's task results). */
export type SchemeOutcome =
  | { readonly status: 'completed'; readonly iterations: number }
  | { readonly status: 'stopped'; readonly iterations: number; readonly reason: string }
  | { readonly status: 'diverged'; readonly iterations: number; readonly atIteration: number; readonly detail: string }
  // the network lost a message for good (retries spent) and the scheme could not go on: a result of a lossy network
  | { readonly status: 'stalled'; readonly iterations: number; readonly atS: number; readonly detail: string };

// every outcome is a status summary.json declares, and every declared status an outcome
const outcomeStatuses = {} as Record<SchemeOutcome['status'], true> satisfies Record<(typeof SCHEME_STATUSES)[number], true>;
void outcomeStatuses;

/** One scheme's entry in summary.json. */
export interface SchemeSummary {
  readonly name: string;
  readonly label: string;
  readonly encoding: string;
  readonly outcome: SchemeOutcome;
  readonly final: MetricRow | null;
  /** Time and energy per state and role at the end (J, s). */
  readonly energyByState: Readonly<Record<string, unknown>>;
  /** The network fidelity that ran. */
  readonly fidelity: string;
  /** First time the target was reached (null: never, or no target set). */
  readonly timeToTarget: TimeToTargetJson | null;
  /** links.csv rows of this scheme. */
  readonly links: readonly LinkRow[];
  /** nodes.csv rows of this scheme. */
  readonly nodes: readonly NodeRow[];
  /** time.csv rows of this scheme. */
  readonly time: readonly TimeRow[];
  /** cat.csv rows of this scheme (none without a CAT compressor). */
  readonly cat: readonly CatRow[];
}

/** How a scheme's messages are compressed and priced, in words (summary.json `encoding`). */
export function describeEncoding(scheme: SchemeConfig, up: Compressor, down: Compressor | undefined): string {
  const dir = (c: Compressor, ef: boolean) => `${c.name} priced by ${c.encoding.name}${ef ? ' with error feedback' : ''}`;
  const downText = down ? dir(down, scheme.downlink!.errorFeedback) : 'dense fp32 model';
  return scheme.kind === 'parameter-server' ? `uplink: ${dir(up, scheme.uplink.errorFeedback)}; downlink: ${downText}` : `${scheme.kind}: ${dir(up, scheme.uplink.errorFeedback)}`;
}

/** summary.json of a run so far: provenance, model, evaluation rule, verdict and every finished scheme. */
export function summaryJson(scenario: Scenario, backend: string, built: BuiltModel, schemes: readonly SchemeSummary[], evalEvery: number, verdict: VerdictJson | undefined): SummaryJson {
  const { model, profile } = built;
  return {
    gradwire: GRADWIRE_VERSION,
    scenario: { name: scenario.name, description: scenario.description },
    seed: scenario.seed,
    backend,
    model: profile
      ? { name: profile.name, dim: profile.dim, kind: 'profile', source: profile.source, loss: 'not simulated: a workload profile trains nothing; see compression_error' }
      : { name: model!.name, dim: model!.dim, ...(model!.optimum ? { optimalLoss: model!.optimum.loss } : {}) },
    evaluation: { every: evalEvery, rule: scenario.training.evalEvery === 'auto' ? 'auto' : 'set' },
    ...(verdict ? { verdict } : {}),
    schemes: schemes.map((s) => ({
      name: s.name,
      label: s.label,
      encoding: s.encoding,
      fidelity: s.fidelity,
      ...s.outcome,
      final: s.final && {
        time_s: s.final.time_s,
        loss: Number.isFinite(s.final.loss) ? s.final.loss : null,
        accuracy: s.final.accuracy,
        wire_bytes_up: s.final.wire_bytes_up,
        wire_bytes_down: s.final.wire_bytes_down,
        energy_total_j: s.final.energy_total_j,
      },
      time_to_target: s.timeToTarget,
      energy_by_state: s.energyByState,
    })),
  };
}

/** summary.json's text. */
export function summaryText(summary: SummaryJson): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
