/**
 * Reads the part of a run's `trace.ndjson` needed for the timeline of one
 * iteration. The file may be large, so it is streamed twice and only the
 * events around the chosen iteration are kept.
 *
 * The records are declared in src/results/trace.ts (TraceRecord); lines are
 * read defensively (unknown fields ignored), as a file may come from another
 * version.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { RUN_FILES, parseJsonText, type TraceField } from '../src/results/index.js';

/** What a node is doing in a timeline bar. */
export type Activity = 'compute' | 'transmit' | 'receive' | 'in flight';

/** One bar of the timeline, times relative to the start of the iteration's window. */
export interface TimelineBar {
  scheme: string;
  node: string;
  activity: Activity;
  /** Start and end since the window's origin, s. */
  start_s: number;
  end_s: number;
  /** The link a transfer used, null for compute. */
  link: string | null;
  /** The message label of a transfer, null for compute. */
  message: string | null;
  wire_bytes: number | null;
  packets: number | null;
}

/** The timeline of one iteration for every scheme of a traced run. */
export interface IterationTimeline {
  iteration: number;
  bars: TimelineBar[];
  /** True when a transfer bar is one packet (a packet-fidelity trace of at most {@link MAX_PACKET_BARS} packets per scheme and iteration). */
  packets: boolean;
}

/** Above this many packets in a scheme's iteration, a message's back-to-back packets are drawn as one bar. */
export const MAX_PACKET_BARS = 4000;

interface Interval {
  node: string;
  activity: Activity;
  start: number;
  end: number;
  link: string | null;
  message: string | null;
  iteration: number | null;
  wire_bytes: number | null;
  packets: number | null;
}

/** A trace line as read: every declared field, of any type until checked. */
type RawEvent = { [K in TraceField]?: unknown };

/** What every trace line must be: an object with its scheme and time (other fields kept, checked where they are used). */
const TraceLineSchema = z.looseObject({ scheme: z.string(), t: z.number() });

/** The iteration a message label belongs to: its first all-digit segment (`up/7` → 7), or null. */
export function labelIteration(label: unknown): number | null {
  if (typeof label !== 'string') return null;
  const seg = label.split('/').find((s) => /^\d+$/.test(s));
  return seg === undefined ? null : Number(seg);
}

/** Ends of a link named `<from>→<to>` (a name without an arrow is both ends). */
export function linkEnds(link: string): { from: string; to: string } {
  const i = link.indexOf('→');
  return i < 0 ? { from: link, to: link } : { from: link.slice(0, i), to: link.slice(i + 1) };
}

async function* events(path: string): AsyncGenerator<RawEvent> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const e = parseJsonText(line, `${path} line ${n}`, TraceLineSchema);
    yield e; // the fields beyond scheme and t are checked where they are used
  }
}

const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toInterval(e: RawEvent): Interval | null {
  const t = e.t as number;
  const seconds = numOrNull(e.seconds) ?? 0;
  if (e.event === 'compute' && typeof e.node === 'string') {
    return { node: e.node, activity: 'compute', start: t - seconds, end: t, link: null, message: null, iteration: null, wire_bytes: null, packets: null };
  }
  if (e.event === 'deliver' && typeof e.node === 'string') {
    const label = typeof e.label === 'string' ? e.label : null;
    return { node: e.node, activity: 'in flight', start: t - seconds, end: t, link: null, message: label, iteration: labelIteration(e.label), wire_bytes: null, packets: null };
  }
  if ((e.event === 'tx' || e.event === 'rx') && typeof e.link === 'string') {
    const ends = linkEnds(e.link);
    return {
      node: e.event === 'tx' ? ends.from : ends.to,
      activity: e.event === 'tx' ? 'transmit' : 'receive',
      start: t - seconds,
      end: t,
      link: e.link,
      message: typeof e.label === 'string' ? e.label : null,
      iteration: labelIteration(e.label),
      wire_bytes: numOrNull(e.wire_bytes),
      packets: numOrNull(e.packets),
    };
  }
  return null; // drops have no duration
}

/**
 * Joins back-to-back intervals of one node, activity, link and message (the
 * packets of one message at packet fidelity) into one bar.
 */
function mergeContiguous(intervals: Interval[]): Interval[] {
  const key = (x: Interval) => `${x.node}\u0000${x.activity}\u0000${x.link ?? ''}\u0000${x.message ?? ''}`;
  const sorted = [...intervals].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.start - b.start || a.end - b.end));
  const out: Interval[] = [];
  for (const x of sorted) {
    const last = out.at(-1);
    const tol = 1e-9 * Math.max(1e-6, Math.abs(x.start));
    if (last && key(last) === key(x) && x.start <= last.end + tol) {
      last.end = Math.max(last.end, x.end);
      last.wire_bytes = last.wire_bytes === null || x.wire_bytes === null ? null : last.wire_bytes + x.wire_bytes;
      last.packets = last.packets === null || x.packets === null ? null : last.packets + x.packets;
    } else {
      out.push({ ...x });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The bars of iteration `i` of one scheme: its transfers (labelled `i`), and
 * each node's compute between the end of its own iteration-(i−1) traffic and
 * the end of its iteration-i traffic (compute that follows a node's last
 * iteration-i message belongs to the next iteration). Times are relative to
 * the earliest bar.
 */
function iterationBars(scheme: string, kept: Interval[], i: number): { bars: TimelineBar[]; packets: boolean } {
  const eps = 1e-12;
  const prevEnd = new Map<string, number>();
  const curEnd = new Map<string, number>();
  for (const x of kept) {
    if (x.activity === 'in flight') continue; // the window is the node's own transfers
    if (x.iteration === i - 1) prevEnd.set(x.node, Math.max(prevEnd.get(x.node) ?? -Infinity, x.end));
    if (x.iteration === i) curEnd.set(x.node, Math.max(curEnd.get(x.node) ?? -Infinity, x.end));
  }
  // A node with no traffic of its own in the trace (none of its links traced) falls back to the
  // scheme-wide window: from the end of all iteration-(i−1) traffic to the end of all iteration-i traffic.
  const allPrev = Math.max(-Infinity, ...prevEnd.values());
  const allCur = Math.max(-Infinity, ...curEnd.values());
  const chosen = kept.filter((x) => {
    if (x.activity !== 'compute') return x.iteration === i;
    const own = curEnd.has(x.node);
    const hi = own ? curEnd.get(x.node)! : allCur;
    const lo = own ? (prevEnd.get(x.node) ?? -Infinity) : allPrev;
    return x.start >= lo - eps && x.end <= hi + eps;
  });
  // A packet-fidelity trace has one event per packet: keep them as bars unless there are too many to draw.
  const transfers = chosen.filter((x) => (x.activity === 'transmit' || x.activity === 'receive') && x.packets !== 0); // packets 0: a link's per-message setup bytes
  const packets = transfers.length > 0 && transfers.length <= MAX_PACKET_BARS && transfers.every((x) => x.packets === 1);
  const merged = packets ? [...chosen].sort((a, b) => a.start - b.start || a.end - b.end) : mergeContiguous(chosen);
  const origin = Math.min(...merged.map((x) => x.start));
  const bars = merged.map((x) => ({
    scheme,
    node: x.node,
    activity: x.activity,
    start_s: x.start - origin,
    end_s: x.end - origin,
    link: x.link,
    message: x.message,
    wire_bytes: x.wire_bytes,
    packets: x.packets,
  }));
  return { bars, packets };
}

/**
 * Reads `<dir>/trace.ndjson` and returns the timeline of one iteration per
 * scheme, or undefined when the run has no trace (or it holds no labelled
 * transfer).
 * @param iteration the iteration to show; default: the middle one of the
 *   shortest traced scheme (at least 1), so warm-up and the last step are avoided.
 */
export async function readIterationTimeline(dir: string, iteration?: number): Promise<IterationTimeline | undefined> {
  const path = join(dir, RUN_FILES.trace);
  if (!existsSync(path)) return undefined;

  // Pass 1: the last labelled iteration of every scheme.
  const last = new Map<string, number>();
  for await (const e of events(path)) {
    const it = labelIteration(e.label);
    if (it !== null) last.set(e.scheme as string, Math.max(last.get(e.scheme as string) ?? 0, it));
  }
  if (last.size === 0) return undefined;
  const i = iteration ?? Math.max(1, Math.ceil(Math.min(...last.values()) / 2));

  // Pass 2: per scheme, events labelled i − 1 or i, and compute events from the first
  // i − 1 event until the first i + 2 event (a synchronous scheme finishes iteration i before then).
  const kept = new Map<string, Interval[]>();
  const phase = new Map<string, 'before' | 'in' | 'after'>();
  for await (const e of events(path)) {
    const scheme = e.scheme as string;
    const it = labelIteration(e.label);
    let p = phase.get(scheme) ?? (i <= 1 ? 'in' : 'before');
    if (p === 'before' && it !== null && it >= i - 1) p = 'in';
    if (p === 'in' && it !== null && it >= i + 2) p = 'after';
    phase.set(scheme, p);
    if (p !== 'in') continue;
    const x = toInterval(e);
    if (x === null) continue;
    if (x.activity === 'compute' || x.iteration === i || x.iteration === i - 1) {
      const list = kept.get(scheme) ?? [];
      list.push(x);
      kept.set(scheme, list);
    }
  }
  const perScheme = [...kept].map(([scheme, list]) => iterationBars(scheme, list, i));
  const bars = perScheme.flatMap((x) => x.bars);
  return bars.length > 0 ? { iteration: i, bars, packets: perScheme.every((x) => x.packets) } : undefined;
}
