import type { LinkPreset } from '../../net/presets/index.js';
import { packetCount } from '../../net/framing.js';
import { FidelityError, runTransfer, stats, type TrafficFlow, type TransferRun } from '../../net/experiments/transfer.js';
import { parseSizes, parseTraffic, TrafficInputError } from '../../net/experiments/traffic.js';
import { FLOW_PIPELINES, type FlowPipeline } from '../../net/transport/flow.js';
import { FIDELITY_CHOICES, type Fidelity } from '../../net/transport/transport.js';
import { resolveLink } from '../../scenario/links.js';
import { rangeWords } from '../../text/number-words.js';
import { choiceWords, describeValue } from '../../text/value-words.js';
import { InputError } from '../errors.js';
import { linkFlagMessages as msg } from '../messages.js';
import { wholeNumber } from '../flag-values.js';
import { checkReach, maxNodes } from '../net-reach.js';
import { readTextFile } from '../paths.js';
import { table } from '../table.js';

/** The flag that overrides the fields of the preset a flag names. */
const SET_FLAG: Record<string, string> = { '--bottleneck-preset': '--set-bottleneck', '--server-preset': '--set-server' };

/**
 * A preset by name with `field=value` overrides (values parsed as YAML: numbers, lists, …; the parser loaded only
 * for those), resolved as a scenario's link is (`resolveLink`: the preset, each field's family and value, the
 * link's consistency); a problem names the flag that gave it (`--preset NAME`, `--set FIELD`).
 */
export async function presetWith(name: string, sets: readonly string[], flag: string): Promise<LinkPreset> {
  const setFlag = SET_FLAG[flag] ?? '--set';
  const overrides: Record<string, unknown> = {};
  if (sets.length > 0) {
    const { parse: parseYaml } = await import('yaml');
    for (const s of sets) {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new InputError(msg.notFieldValue(setFlag, s));
      try {
        overrides[s.slice(0, eq)] = parseYaml(s.slice(eq + 1));
      } catch (e) {
        throw new InputError(msg.notYaml(setFlag, s.slice(0, eq), s.slice(eq + 1), (e as Error).message.split('\n')[0] ?? ''));
      }
    }
  }
  const r = resolveLink({ preset: name, set: overrides }, FLAG_PATH, true);
  if (r.ok) return r.link;
  const hint = (p: { hint?: string }) => (p.hint ? `; ${p.hint}` : '');
  // resolveLink's paths are under FLAG_PATH: .preset (the preset's name), .set.FIELD (one override), .set (the overrides together)
  const text = (p: { path: string; expected: string; given: string; hint?: string }) => {
    if (p.path === `${FLAG_PATH}.preset`) return msg.unknownPreset(flag, p.given, hint(p));
    if (p.path.startsWith(`${FLAG_PATH}.set.`)) return msg.badField(setFlag, p.path.slice(`${FLAG_PATH}.set.`.length), p.expected, p.given, hint(p));
    // fields that do not agree: the preset's own finding, not wrapped in expected/given
    return msg.inconsistent(setFlag, flag, name, p.given);
  };
  // one line: the CLI puts "gradwire: " before the message
  throw new InputError(r.problems.map(text).join('; '));
}

/** The path resolveLink's problems are stated under; presetWith names the flags instead. */
const FLAG_PATH = 'flags';

export function positiveInt(flag: string, v: string): number {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`${flag}: expected ${rangeWords({ integer: true, min: 0 })}, given ${describeValue(v)}`);
  return n;
}

export interface TransferOptions {
  preset: string;
  set: string[];
  bytes?: string;
  traffic?: string;
  senders?: string;
  bottleneckPreset?: string;
  setBottleneck: string[];
  fidelity: string;
  flowPipeline: string;
  seed: string;
  runs: string;
  json?: boolean;
}

/** `--flow-pipeline`: packet (store-and-forward tail) or fluid (SimGrid CM02); only flow fidelity uses it. */
export function flowPipelineOf(given: string): FlowPipeline {
  if (!(FLOW_PIPELINES as readonly string[]).includes(given)) throw new InputError(`--flow-pipeline: expected ${choiceWords(FLOW_PIPELINES)}, given ${describeValue(given)}`);
  return given as FlowPipeline;
}

/** The messages to send: --bytes (one size, or one per sender) or --traffic (a CSV traffic matrix). */
async function flowsOf(opts: TransferOptions): Promise<{ senders: number; bytes?: number | number[]; traffic?: TrafficFlow[] }> {
  const senders = opts.senders === undefined ? undefined : wholeNumber('--senders', opts.senders, 1, maxNodes());
  try {
    if (opts.traffic !== undefined) {
      if (opts.bytes !== undefined) throw new InputError('give either --bytes or --traffic, not both');
      const text = readTextFile('--traffic', opts.traffic);
      const { flows, senders: P } = parseTraffic(text, opts.traffic, senders);
      if (P > maxNodes()) throw new InputError(`--traffic: expected at most ${maxNodes()} senders (each node keeps network state), given ${P} in ${describeValue(opts.traffic)}`);
      return { senders: P, traffic: flows };
    }
    if (opts.bytes === undefined) throw new InputError('give --bytes (one size, or one per sender) or --traffic FILE.csv');
    const sizes = parseSizes(opts.bytes, senders);
    return { senders: sizes.length, bytes: sizes.every((b) => b === sizes[0]) ? (sizes[0] as number) : sizes };
  } catch (e) {
    if (e instanceof TrafficInputError) throw new InputError(e.message);
    throw e;
  }
}

/** `gradwire transfer`: a quick what-if of P senders sending N bytes (or a traffic matrix) to one receiver. */
export async function transfer(opts: TransferOptions): Promise<void> {
  if (!(FIDELITY_CHOICES as readonly string[]).includes(opts.fidelity)) {
    throw new InputError(`--fidelity: expected ${choiceWords(FIDELITY_CHOICES)}, given ${describeValue(opts.fidelity)}`);
  }
  const what = await flowsOf(opts);
  const spec = {
    link: await presetWith(opts.preset, opts.set, '--preset'),
    bottleneck: opts.bottleneckPreset === undefined ? undefined : await presetWith(opts.bottleneckPreset, opts.setBottleneck, '--bottleneck-preset'),
    bytes: what.bytes ?? 0,
    ...(what.traffic !== undefined ? { traffic: what.traffic } : {}),
    senders: what.senders,
    fidelity: opts.fidelity as Fidelity | 'auto',
    flowPipeline: flowPipelineOf(opts.flowPipeline),
    seed: wholeNumber('--seed', opts.seed, 0),
  };
  if (spec.link.medium === 'shared' && spec.bottleneck !== undefined) {
    throw new InputError(`--bottleneck-preset applies to point-to-point presets, not to the shared medium "${spec.link.name}"`);
  }
  const runs: TransferRun[] = [];
  const n = wholeNumber('--runs', opts.runs, 1);
  // packets beyond memory or hours of events: refused now, naming the flag (every message is sent at once)
  const sizes = what.traffic !== undefined ? what.traffic.map((f) => f.bytes) : transferSizes(spec);
  const packets = sizes.reduce((k, b) => k + packetCount(b, spec.link.framing.maxPayloadBytes), 0);
  const [flag, given] = what.traffic !== undefined ? ['--traffic', opts.traffic!] : ['--bytes', opts.bytes!];
  checkReach(flag, given, { alive: packets, total: packets, links: spec.bottleneck ? [spec.link, spec.bottleneck] : [spec.link], fidelity: spec.fidelity, hops: spec.bottleneck ? 2 : 1, runs: n });
  try {
    for (let r = 0; r < n; r++) runs.push(runTransfer(spec, r));
  } catch (e) {
    throw e instanceof FidelityError ? new InputError(e.message) : e;
  }
  const result = summarize(runs);
  if (opts.json) {
    const head = what.traffic !== undefined ? { preset: spec.link.name, senders: spec.senders } : { preset: spec.link.name, bytes: spec.bytes, senders: spec.senders };
    process.stdout.write(`${JSON.stringify({ ...head, runs: runs.length, ...result }, null, 2)}\n`);
    return;
  }
  process.stdout.write(format(result, runs.length, what.traffic !== undefined));
}

/** Each sender's bytes. */
function transferSizes(spec: { bytes: number | readonly number[]; senders: number }): readonly number[] {
  return typeof spec.bytes === 'number' ? Array.from({ length: spec.senders }, () => spec.bytes as number) : spec.bytes;
}

function summarize(runs: readonly TransferRun[]) {
  const first = runs[0]!;
  const nodes = Object.keys(first.energyJ);
  const counters = Object.keys(first.medium);
  const perFlow = (pick: (r: TransferRun) => readonly number[]) => first.flows.map((_, i) => stats(runs.map((r) => pick(r)[i] as number)));
  return {
    fidelity: first.fidelity,
    flows: first.flows,
    /** Delivery at the destination (its last byte arrived), per message. */
    completionS: perFlow((r) => r.completionS),
    /** How the sender learns its message is through (mac-ack, ack, not-modelled, none). */
    confirmation: first.confirmation,
    /** Confirmation at the sender (its last ACK arrived), per message: only where ACKs are modelled. */
    confirmedS: perFlow((r) => r.confirmedS),
    /** The last bit left the sender, per message. */
    sentS: perFlow((r) => r.sentS),
    lastByteS: stats(runs.map((r) => r.lastByteS)),
    packets: stats(runs.map((r) => r.packets)),
    wireBits: stats(runs.map((r) => r.wireBits)),
    retransmissions: stats(runs.map((r) => r.retransmissions)),
    drops: stats(runs.map((r) => r.drops)),
    energyJ: Object.fromEntries(nodes.map((n) => [n, stats(runs.map((r) => r.energyJ[n] as number))])),
    medium: Object.fromEntries(counters.map((c) => [c, stats(runs.map((r) => r.medium[c] as number))])),
  };
}

const CONFIRMATION_NOTE: Record<string, string> = {
  'mac-ack': 'confirmed: the last MAC ACK reached the sender (on a relayed path, the ACK of its own hop)',
  ack: 'confirmed: the ACK of the last packet came back to the sender over the reverse path (the link’s ack.every, ack.wireBytes)',
  'not-modelled': 'confirmed: not known, the link’s acknowledgements are not simulated; sent: the last bit left the sender',
  none: 'confirmed: nothing acknowledges on this link; sent: the last bit left the sender',
};

function format(s: ReturnType<typeof summarize>, runs: number, matrix: boolean): string {
  const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
  const row = (label: string, v: { mean: number; std: number; min: number; max: number; n: number }) => [label, g(v.mean), g(v.std), g(v.min), g(v.max), String(v.n)];
  const name = (i: number) => {
    const f = s.flows[i]!;
    return matrix ? `${i} ${f.src}→${f.dst}${f.startS > 0 ? ` @${g(f.startS)}` : ''}` : f.src;
  };
  const acked = s.confirmation === 'mac-ack' || s.confirmation === 'ack';
  const rows = [
    ['', 'MEAN', 'STD', 'MIN', 'MAX', 'N'],
    ...s.completionS.map((c, i) => row(matrix ? `delivered ${name(i)} (s)` : `completion ${name(i)} (s)`, c)),
    ...(acked ? s.confirmedS.map((c, i) => row(`confirmed ${name(i)} (s)`, c)) : s.sentS.map((c, i) => row(`sent ${name(i)} (s)`, c))),
    row('last byte (s)', s.lastByteS),
    row('packets', s.packets),
    row('wire bits', s.wireBits),
    row('retransmissions', s.retransmissions),
    row('drops', s.drops),
    ...Object.entries(s.energyJ).map(([n, v]) => row(`energy ${n} (J)`, v)),
    ...Object.entries(s.medium).map(([c, v]) => row(c, v)),
  ];
  const sizes = matrix ? '' : s.flows.every((f) => f.bytes === s.flows[0]!.bytes) ? `; ${s.flows[0]!.bytes} B each` : `; ${s.flows.map((f) => f.bytes).join(', ')} B`;
  return (
    `fidelity: ${s.fidelity}; ${runs} run${runs === 1 ? '' : 's'}${sizes}\n${table(rows)}\n` + `completion/delivered: the last byte reached the destination; ${CONFIRMATION_NOTE[s.confirmation]}\n`
  );
}
