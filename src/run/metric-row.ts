import type { Model } from '../learn/models/model.js';
import type { IterationRecord, SchemeHooks } from '../learn/schemes/index.js';
import { topKDiagnostics, type TopKRound } from '../learn/diagnostics/index.js';
import type { MetricRow } from './results.js';
import type { WorkerWire } from './traffic.js';

/** The diagnostic columns of a metrics.csv row (output.diagnostics). */
export type DiagnosticColumns = Pick<MetricRow, 'rho_hat' | 'one_minus_gamma_up' | 'one_minus_gamma_down' | 'gtopk_delta'>;

/** A metrics.csv row but its run id and diagnostics. */
export type MeasuredRow = Omit<MetricRow, 'run_id' | keyof DiagnosticColumns>;

/**
 * The diagnostics since the previous row (the thesis takes maxima per epoch):
 * `hooks` for the scheme to feed (the parameter server ρ̂ and 1 − γ̂, gTop-k δ;
 * none when off), `take` the columns and starts over.
 */
export function diagnosticsSince(enabled: boolean): { readonly hooks: SchemeHooks; take(): DiagnosticColumns } {
  const diag = { rho: null as number | null, up: null as number | null, down: null as number | null, delta: null as number | null };
  const maxOf = (a: number | null, b: number | null) => (b === null ? a : a === null ? b : Math.max(a, b));
  const hooks: SchemeHooks = enabled
    ? {
        onRound: (round: TopKRound) => {
          const dg = topKDiagnostics(round);
          diag.rho = maxOf(diag.rho, dg.rhoHat);
          diag.up = maxOf(diag.up, dg.oneMinusGammaUplink);
          diag.down = maxOf(diag.down, dg.oneMinusGammaDownlink);
        },
        onDelta: (_t, dl) => (diag.delta = maxOf(diag.delta, dl.delta)),
      }
    : {};
  return {
    hooks,
    take() {
      const columns = { rho_hat: diag.rho, one_minus_gamma_up: diag.up, one_minus_gamma_down: diag.down, gtopk_delta: diag.delta };
      diag.rho = diag.up = diag.down = diag.delta = null;
      return columns;
    },
  };
}

/** The measured columns of a metrics.csv row at the end of iteration `r` (evaluating the model where `measure` asks). */
export function metricRow(scheme: string, r: IterationRecord, wire: WorkerWire, model: Model | undefined, timeS: number, workerJ: number, serverJ: number, measure: ReadonlySet<string>): MeasuredRow {
  const w = r.weights;
  // a workload profile trains nothing: no loss, accuracy or optimality (empty cells, never a made-up number)
  // output.metrics: what is not listed is not computed (its cells stay empty).
  // The gradient first: a GLM computes it and the margins in one pass, and the loss then reuses them.
  const grad = measure.has('grad_norm_sq') ? model?.fullGradient?.(w) : undefined;
  const loss = model === undefined ? null : model.loss(w);
  const opt = measure.has('optimality') ? model?.optimum : undefined;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    scheme,
    iteration: r.iteration,
    time_s: timeS,
    loss,
    accuracy: measure.has('accuracy') ? (model?.accuracy?.(w) ?? null) : null,
    payload_bytes_up: r.payload.bytesUp,
    payload_bytes_down: r.payload.bytesDown,
    wire_bytes_up: wire.wireBytesUp,
    wire_bytes_down: wire.wireBytesDown,
    packets_up: wire.packetsUp,
    packets_down: wire.packetsDown,
    energy_worker_j: workerJ,
    energy_server_j: serverJ,
    energy_total_j: workerJ + serverJ,
    grad_norm_sq: grad ? sumSq(grad) : null,
    f_gap: opt && loss !== null ? loss - opt.loss : null,
    dist_to_opt: opt ? Math.sqrt(sumSq(w, opt.w)) : null,
    budget_mean: r.iteration === 0 ? 0 : mean(r.budgets),
    budget_min: r.iteration === 0 ? 0 : Math.min(...r.budgets),
    budget_max: r.iteration === 0 ? 0 : Math.max(...r.budgets),
    bits_up_per_worker: r.iteration === 0 ? 0 : mean(r.bitsUp),
    bits_down_per_worker: r.iteration === 0 ? 0 : mean(r.bitsDown),
    alpha_mean: r.iteration === 0 ? 0 : mean(r.alpha),
    compression_error: r.iteration === 0 ? 0 : mean(r.compressionError),
    downlink_nnz_fraction: r.downlinkNnzFraction,
  };
}

/** ‖a − b‖² (or ‖a‖²) in float64. */
export function sumSq(a: Float32Array, b?: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b ? (b[i] as number) : 0)) ** 2;
  return s;
}
