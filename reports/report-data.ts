/**
 * What one report is made from (run or sweep: a run is a sweep of one point,
 * so one template serves both): the page header, named datasets (rows of
 * plain values that spec templates read as `"data": {"name": …}`) and text
 * tokens (`{{name}}`). Every dataset and token name is declared here, once.
 */
import type { SummaryJson, SweepManifestJson } from '../src/results/index.js';
import type { KeyParameter } from './key-parameters.js';
import type { PageNote } from './profile.js';
import type { Datasets, Row } from './rows.js';

/** The datasets every report gives (empty where it has nothing to show). */
export const DATASET_NAMES = [
  'convergence',
  'compression',
  'diagnostics',
  'budget',
  'cat_curve',
  'optimality',
  'targets',
  'nodes',
  'time',
  'iteration_time',
  'links',
  'timeline',
  'sweep_outcome',
  'sweep_heatmap',
  'sweep_iteration_time',
  'sweep_winner',
] as const;
/** The name of a report dataset. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Every dataset, those not given empty. */
export function reportDatasets(given: Partial<Record<DatasetName, Row[]>>): Datasets {
  return Object.fromEntries(DATASET_NAMES.map((n) => [n, given[n] ?? []]));
}

/** The tokens every report gives, with their values where a report has nothing to say. */
export const TOKEN_DEFAULTS = {
  target: 'the scenario’s target',
  'timeline.iteration': '',
  'timeline.unit': 's',
  'timeline.packets': '',
  'iteration.unit': 's',
  'convergence.note': '',
  'sweep.metric': '',
  'sweep.x': '',
  'sweep.y': '',
  'sweep.xShort': '',
  'sweep.dodge': '0',
  'sweep.yShort': '',
  'sweep.missing': '',
  'cat.efficiency': 'Efficiency (per unit of C)',
  'sweep.axes': '',
  'sweep.baseline': '',
  'sweep.winnerY': '',
} as const;
/** The name of a template token. */
export type TokenName = keyof typeof TOKEN_DEFAULTS;

/** Every token, those not given at their default. */
export function reportTokens(given: Partial<Record<TokenName, string>>): Record<string, string> {
  return { ...TOKEN_DEFAULTS, ...given };
}

/** Everything the page and the charts of one report are made from. */
export interface ReportData {
  kind: 'run' | 'sweep';
  title: string;
  description: string;
  /** Provenance line: gradwire version, seed, backend (run) or points (sweep). */
  facts: KeyParameter[];
  /** Key scenario parameters from scenario.resolved.yaml. */
  parameters: KeyParameter[];
  /** Swept parameters and their values (sweep only). */
  swept: KeyParameter[];
  /** Scheme display names in report order: the colour domain of every chart. */
  schemes: string[];
  /** The run's summary (run only), for the summary table. */
  summary?: SummaryJson;
  /** The sweep's manifest (sweep only), for the table of points. */
  manifest?: SweepManifestJson;
  /** Wire bytes per iteration by scheme name (run only). */
  bytesPerIteration: Map<string, number | null>;
  /** The scenario sets a target (or some scheme reached one): time to target is reported, "not reached" included. */
  hasTarget: boolean;
  /** Shown near the top of the page: why there is no loss, when the runs are workload profiles. */
  notice?: PageNote;
  datasets: Datasets;
  tokens: Record<string, string>;
}
