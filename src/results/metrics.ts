import { columnNames, type Column, type RowOf } from './columns.js';

/**
 * metrics.csv: one row per scheme and evaluated iteration, the scheme's state
 * at the end of that iteration. Traffic, energy and time are cumulative since
 * the start of the run. Numbers print in JS's shortest round-trip form.
 *
 * Up and down: on a parameter server, worker → server and server → worker
 * traffic. For schemes without a server (ring all-reduce, all-gather,
 * gTop-k), what the workers send (up) and what they receive (down).
 */
export const METRICS_FORMAT = [
  { name: 'run_id', type: 'text', unit: '', meaning: 'The run’s id: a hash of the resolved scenario and run index (a sweep point’s id).', added: true },
  { name: 'scheme', type: 'text', unit: '', meaning: 'The scheme’s name in the scenario.' },
  { name: 'iteration', type: 'integer', unit: '1', meaning: 'Iterations done (0: before the first).' },
  { name: 'time_s', type: 'number', unit: 's', meaning: 'Simulated time at the end of the iteration.' },
  { name: 'loss', type: 'number?', unit: '1', meaning: 'Training objective on the whole training set; NaN/Infinity once diverged; empty for a workload profile (nothing trained).' },
  { name: 'accuracy', type: 'number?', unit: '1', meaning: 'Test accuracy, 0…1; empty where not evaluated or not a classifier.' },
  { name: 'payload_bytes_up', type: 'number', unit: 'B', meaning: 'Encoded message bytes up (before framing): worker → server; without a server, what the workers send.' },
  { name: 'payload_bytes_down', type: 'number', unit: 'B', meaning: 'Encoded message bytes down (before framing): server → worker; without a server, what the workers receive.' },
  { name: 'wire_bytes_up', type: 'number', unit: 'B', meaning: 'Bytes on the wire up, headers and retransmissions included: worker → server; without a server, what the workers send.' },
  { name: 'wire_bytes_down', type: 'number', unit: 'B', meaning: 'Bytes on the wire down: server → worker; without a server, what the workers receive.' },
  { name: 'packets_up', type: 'number', unit: '1', meaning: 'Packets up (same sense as wire_bytes_up).' },
  { name: 'packets_down', type: 'number', unit: '1', meaning: 'Packets down (same sense as wire_bytes_down).' },
  { name: 'energy_worker_j', type: 'number', unit: 'J', meaning: 'Energy of all workers.' },
  { name: 'energy_server_j', type: 'number', unit: 'J', meaning: 'Energy of the server (0 without one).' },
  { name: 'energy_total_j', type: 'number', unit: 'J', meaning: 'Energy of every node.' },
  { name: 'grad_norm_sq', type: 'number?', unit: '1', meaning: '‖∇F(w)‖² over the whole training set, for models that offer it cheaply; else empty.', added: true },
  { name: 'f_gap', type: 'number?', unit: '1', meaning: 'F(w) − F* where the optimum is known; else empty.', added: true },
  { name: 'dist_to_opt', type: 'number?', unit: '1', meaning: '‖w − w*‖ where the optimum is known; else empty.', added: true },
  { name: 'budget_mean', type: 'number', unit: '1', meaning: 'Mean coordinates per worker message this iteration (budgets differ under CAT or Alistarh’s rule).', added: true },
  { name: 'budget_min', type: 'number', unit: '1', meaning: 'Fewest coordinates in a worker message this iteration.', added: true },
  { name: 'budget_max', type: 'number', unit: '1', meaning: 'Most coordinates in a worker message this iteration.', added: true },
  { name: 'bits_up_per_worker', type: 'number', unit: 'bit', meaning: 'Mean payload bits each worker sent this iteration.', added: true },
  { name: 'bits_down_per_worker', type: 'number', unit: 'bit', meaning: 'Mean payload bits each worker received this iteration.', added: true },
  { name: 'alpha_mean', type: 'number', unit: '1', meaning: 'Mean CAT α(T) = ‖Q(v)‖²/‖v‖² over workers this iteration.', added: true },
  { name: 'compression_error', type: 'number', unit: '1', meaning: 'Mean ‖v − Q(v)‖²/‖v‖² over workers this iteration (gTop-k: what of v missed the global top-k).', added: true },
  { name: 'downlink_nnz_fraction', type: 'number', unit: '1', meaning: 'Non-zeros of the aggregated update over d (thesis §6.5).', added: true },
  { name: 'rho_hat', type: 'number?', unit: '1', meaning: 'Thesis §6.6 ρ̂, max since the previous row (output.diagnostics, parameter server); else empty.', added: true },
  { name: 'one_minus_gamma_up', type: 'number?', unit: '1', meaning: 'Thesis §6.6 1 − γ̂ of the uplink compressor, max since the previous row; else empty.', added: true },
  { name: 'one_minus_gamma_down', type: 'number?', unit: '1', meaning: 'Thesis §6.6 1 − γ̂ of the downlink compressor, max since the previous row; else empty.', added: true },
  { name: 'gtopk_delta', type: 'number?', unit: '1', meaning: 'gTop-k §5.2 δ: gTop-k’s error over Rand-k’s, max since the previous row (output.diagnostics); else empty.', added: true },
] as const satisfies readonly Column[];

/** One row of metrics.csv as written. */
export type MetricRow = RowOf<typeof METRICS_FORMAT>;
/** A metrics.csv column name. */
export type MetricColumn = keyof MetricRow;

/** metrics.csv's column names, in order. */
export const METRIC_COLUMNS = columnNames(METRICS_FORMAT);
