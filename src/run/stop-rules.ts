import { Divergence } from '../learn/schemes/index.js';
import type { TimeToTargetJson } from '../results/index.js';
import type { Scenario } from '../scenario/schema.js';
import type { MetricRow } from './results.js';

/** A stopping rule fired (target reached, time or energy budget spent). */
export class Stop extends Error {
  constructor(
    readonly iteration: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * The scenario's stopping and divergence rules over one scheme's evaluated
 * rows: `check` throws {@link Divergence} or {@link Stop}; when the target is
 * reached, `timeToTarget` says when and what had been spent by then.
 */
export class StopRules {
  private initialLoss = NaN;
  /** First time the target was reached (null: not yet, or no target set). */
  timeToTarget: TimeToTargetJson | null = null;

  constructor(private readonly training: Scenario['training']) {}

  /** Whether a budget of simulated time or energy is spent (cheap: checked every iteration). `energyJ` is read only with an energy budget. */
  spent(nowS: number, energyJ: () => number): boolean {
    const stop = this.training.stop;
    return (stop.maxTimeS !== undefined && nowS >= stop.maxTimeS) || (stop.maxEnergyJ !== undefined && energyJ() >= stop.maxEnergyJ);
  }

  /** Apply the rules to the row evaluated at `iteration`. */
  check(iteration: number, row: MetricRow): void {
    const { stop, divergenceFactor } = this.training;
    if (row.loss !== null) {
      // a workload profile has no loss: nothing to diverge or reach
      if (iteration === 0) this.initialLoss = row.loss;
      if (!Number.isFinite(row.loss)) throw new Divergence(iteration, `training loss is ${row.loss}`);
      if (row.loss > divergenceFactor * Math.max(this.initialLoss, 1e-12)) {
        throw new Divergence(iteration, `training loss ${row.loss} exceeds ${divergenceFactor} × the initial ${this.initialLoss}`);
      }
    }
    const reached =
      stop.targetLoss !== undefined && row.loss !== null && row.loss <= stop.targetLoss
        ? `training loss ${row.loss} ≤ target ${stop.targetLoss}`
        : stop.targetAccuracy !== undefined && row.accuracy !== null && row.accuracy >= stop.targetAccuracy
          ? `test accuracy ${row.accuracy} ≥ target ${stop.targetAccuracy}`
          : undefined;
    if (reached !== undefined) {
      this.timeToTarget = {
        target: reached,
        iteration,
        time_s: row.time_s,
        wire_bytes: row.wire_bytes_up + row.wire_bytes_down,
        packets: row.packets_up + row.packets_down,
        energy_j: row.energy_total_j,
      };
      throw new Stop(iteration, `reached the target at iteration ${iteration}: ${reached}`);
    }
    if (stop.maxTimeS !== undefined && row.time_s >= stop.maxTimeS) throw new Stop(iteration, `simulated time ${row.time_s} s reached the budget ${stop.maxTimeS} s`);
    if (stop.maxEnergyJ !== undefined && row.energy_total_j >= stop.maxEnergyJ) throw new Stop(iteration, `energy ${row.energy_total_j} J reached the budget ${stop.maxEnergyJ} J`);
  }
}

/** Why a scheme with no event left could not finish its iteration. */
export function stalled(now: number, traffic: { byNode: Map<string, { drops: number }> }): string {
  let drops = 0;
  for (const c of traffic.byNode.values()) drops += c.drops;
  const why =
    drops > 0 ? `${drops} packet(s) were dropped and their messages never arrived; allow more retries (arq.maxRetries, mac.upperLayerRetries) or a larger queue` : 'no event is left to process';
  return `stalled at t = ${now} s: ${why}`;
}
