import { LINK_PRESETS, customizePreset, presetProblems, type LinkPreset } from '../../net/presets/index.js';
import { runTransfer, stats, type TransferRun } from '../../net/experiments/transfer.js';
import type { Fidelity } from '../../net/transport/transport.js';
import { didYouMean } from '../../scenario/messages.js';
import { InputError } from '../errors.js';
import { table } from '../table.js';

/** A preset by name with `field=value` overrides (values parsed as YAML: numbers, lists, …; the parser loaded only for those). */
async function presetWith(name: string, sets: readonly string[], flag: string): Promise<LinkPreset> {
  const preset = LINK_PRESETS[name];
  if (preset === undefined) {
    const hint = didYouMean(name, Object.keys(LINK_PRESETS));
    throw new InputError(`${flag}: unknown link preset "${name}"${hint ? `; ${hint}` : ''} (see gradwire presets)`);
  }
  const overrides: Record<string, unknown> = {};
  if (sets.length > 0) {
    const { parse: parseYaml } = await import('yaml');
    for (const s of sets) {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new InputError(`--set${flag === '--bottleneck-preset' ? '-bottleneck' : ''}: expected field=value, given "${s}"`);
      overrides[s.slice(0, eq)] = parseYaml(s.slice(eq + 1));
    }
  }
  const custom = customizePreset(preset, overrides);
  const problems = presetProblems(custom);
  if (problems.length > 0) throw new InputError(`${flag} ${name}: ${problems.join('; ')}`);
  return custom;
}

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`${flag}: expected a whole number ≥ 0, given "${v}"`);
  return n;
}

export interface TransferOptions {
  preset: string; set: string[]; bytes: string; senders: string; bottleneckPreset?: string; setBottleneck: string[];
  fidelity: string; seed: string; runs: string; json?: boolean;
}

/** `gradwire transfer`: a quick what-if of P senders sending N bytes to one receiver. */
export async function transfer(opts: TransferOptions): Promise<void> {
  if (!['packet', 'message', 'flow', 'auto'].includes(opts.fidelity)) {
    throw new InputError(`--fidelity: expected packet, message, flow or auto, given "${opts.fidelity}"`);
  }
  const spec = {
    link: await presetWith(opts.preset, opts.set, '--preset'),
    bottleneck: opts.bottleneckPreset === undefined ? undefined : await presetWith(opts.bottleneckPreset, opts.setBottleneck, '--bottleneck-preset'),
    bytes: positiveInt('--bytes', opts.bytes),
    senders: Math.max(1, positiveInt('--senders', opts.senders)),
    fidelity: opts.fidelity as Fidelity | 'auto',
    seed: positiveInt('--seed', opts.seed),
  };
  const runs: TransferRun[] = [];
  for (let r = 0; r < Math.max(1, positiveInt('--runs', opts.runs)); r++) runs.push(runTransfer(spec, r));
  const result = summarize(runs, spec.senders);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ preset: spec.link.name, bytes: spec.bytes, senders: spec.senders, runs: runs.length, ...result }, null, 2)}\n`);
    return;
  }
  process.stdout.write(format(result, runs.length));
}

function summarize(runs: readonly TransferRun[], senders: number) {
  const nodes = Object.keys(runs[0]!.energyJ);
  const counters = Object.keys(runs[0]!.medium);
  return {
    fidelity: runs[0]!.fidelity,
    completionS: Array.from({ length: senders }, (_, i) => stats(runs.map((r) => r.completionS[i] as number))),
    lastByteS: stats(runs.map((r) => r.lastByteS)),
    packets: stats(runs.map((r) => r.packets)),
    wireBits: stats(runs.map((r) => r.wireBits)),
    retransmissions: stats(runs.map((r) => r.retransmissions)),
    drops: stats(runs.map((r) => r.drops)),
    energyJ: Object.fromEntries(nodes.map((n) => [n, stats(runs.map((r) => r.energyJ[n] as number))])),
    medium: Object.fromEntries(counters.map((c) => [c, stats(runs.map((r) => r.medium[c] as number))])),
  };
}

function format(s: ReturnType<typeof summarize>, runs: number): string {
  const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
  const row = (label: string, v: { mean: number; std: number; min: number; max: number; n: number }) => [label, g(v.mean), g(v.std), g(v.min), g(v.max), String(v.n)];
  const rows = [
    ['', 'MEAN', 'STD', 'MIN', 'MAX', 'N'],
    ...s.completionS.map((c, i) => row(`completion sender/${i} (s)`, c)),
    row('last byte (s)', s.lastByteS),
    row('packets', s.packets),
    row('wire bits', s.wireBits),
    row('retransmissions', s.retransmissions),
    row('drops', s.drops),
    ...Object.entries(s.energyJ).map(([n, v]) => row(`energy ${n} (J)`, v)),
    ...Object.entries(s.medium).map(([c, v]) => row(c, v)),
  ];
  return `fidelity: ${s.fidelity}; ${runs} run${runs === 1 ? '' : 's'}\n${table(rows)}\n`;
}
