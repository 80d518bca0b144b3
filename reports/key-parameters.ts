/**
 * What the page header says of the scenario, from a parsed
 * `scenario.resolved.yaml`: its key parameters and its stopping target.
 */
import { formatBitRate, formatNumber, formatSi } from './format.js';

/** One line of the report header: a parameter and its value, as text. */
export interface KeyParameter {
  label: string;
  value: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `ethernet-1g-udp (1 Gb/s, 500 ns)` from a resolved link (preset plus resolved fields). */
function describeLink(link: unknown): string | undefined {
  const l = obj(link);
  const preset = str(l?.preset);
  if (preset === undefined) return undefined;
  const set = obj(l?.set);
  const bw = num(set?.bandwidthBps);
  const lat = num(set?.latencyS);
  const details = [bw !== undefined ? formatBitRate(bw) : undefined, lat !== undefined ? `latency ${formatSi(lat, 's')}` : undefined].filter(Boolean);
  return details.length > 0 ? `${preset} (${details.join(', ')})` : preset;
}

function describeLearningRate(lr: unknown): string | undefined {
  if (typeof lr === 'number') return formatNumber(lr);
  const o = obj(lr);
  if (!o) return undefined;
  const kind = str(o.kind) ?? '?';
  const rest = Object.entries(o)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`);
  return rest.length > 0 ? `${kind} (${rest.join(', ')})` : kind;
}

/**
 * The parameters a reader needs to place a run (workers, model, topology, link
 * presets, training), from a parsed `scenario.resolved.yaml`. Fields that are
 * absent or of an unexpected type are left out, so an older or newer file
 * still gives a header.
 */
export function keyParameters(scenario: unknown, modelDim?: number): KeyParameter[] {
  const s = obj(scenario);
  if (!s) return [];
  const out: KeyParameter[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out.push({ label, value });
  };
  const workers = obj(s.workers);
  if (workers) {
    const count = str(workers.count);
    const device = str(workers.device);
    const batch = str(workers.batchSize);
    const who = [count, device].filter(Boolean).join(' × ');
    add('Workers', [who, batch ? `batch ${batch}` : undefined].filter(Boolean).join(', '));
  }
  const model = obj(s.model);
  const profile = str(model?.kind) === 'profile';
  if (model) {
    // a profile is known by its name (resnet50, gpt2-small), or by its file when it is the user's own
    const kind = profile ? ['profile', str(model.name) ?? str(model.file)].filter(Boolean).join(' ') : str(model.kind);
    const dim = modelDim ?? num(model.features);
    add('Model', kind === undefined ? undefined : dim !== undefined ? `${kind} (d = ${dim})` : kind);
  }
  const network = obj(s.network);
  if (network) {
    const fidelity = str(network.fidelity);
    add('Topology', str(network.topology) && `${str(network.topology)}${fidelity ? ` (fidelity ${fidelity})` : ''}`);
    const groups = Array.isArray(network.workerGroups) ? network.workerGroups : undefined;
    if (groups && groups.length > 0) {
      add('Worker links', groups.map((g) => `${str(obj(g)?.count) ?? '?'} × ${describeLink(g) ?? '?'}`).join('; '));
    } else {
      add('Worker link', describeLink(network.workerLink));
    }
    add('Server link', describeLink(network.serverLink));
  }
  const training = obj(s.training);
  if (training) {
    add('Iterations', str(training.iterations));
    // a profile trains nothing, so its step size changes nothing the report shows
    if (!profile) add('Learning rate', describeLearningRate(training.learningRate));
    const stop = obj(training.stop);
    const rules = [
      num(stop?.targetLoss) !== undefined ? `loss ≤ ${formatNumber(num(stop?.targetLoss)!)}` : undefined,
      num(stop?.targetAccuracy) !== undefined ? `accuracy ≥ ${formatNumber(num(stop?.targetAccuracy)!)}` : undefined,
      num(stop?.maxTimeS) !== undefined ? `time ≥ ${formatSi(num(stop?.maxTimeS)!, 's')}` : undefined,
      num(stop?.maxEnergyJ) !== undefined ? `energy ≥ ${formatSi(num(stop?.maxEnergyJ)!, 'J')}` : undefined,
    ].filter(Boolean);
    add('Stop at', rules.join(', '));
  }
  return out;
}

/** The scenario's stopping target in words (`training loss ≤ 0.6`), from scenario.resolved.yaml. */
export function targetText(scenario: unknown): string | undefined {
  const stop = (scenario as { training?: { stop?: { targetLoss?: unknown; targetAccuracy?: unknown } } } | undefined)?.training?.stop;
  const parts = [
    typeof stop?.targetLoss === 'number' ? `training loss ≤ ${formatNumber(stop.targetLoss)}` : undefined,
    typeof stop?.targetAccuracy === 'number' ? `test accuracy ≥ ${formatNumber(stop.targetAccuracy)}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' or ') : undefined;
}
