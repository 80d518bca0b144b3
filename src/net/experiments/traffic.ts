import { problemText } from '../../text/problem-text.js';
import { describeValue } from '../../text/value-words.js';
import type { TrafficFlow } from './transfer.js';

/** A problem with one value of a traffic file or a size list: where, which field, what was expected and given. */
export class TrafficInputError extends Error {
  constructor(
    /** "file.csv:3", or the flag ("--bytes"). */
    readonly where: string,
    readonly field: string,
    readonly expected: string,
    readonly given: string,
  ) {
    super(problemText(where, { path: field, expected, given }));
    this.name = 'TrafficInputError';
  }
}

const WHOLE = 'a whole number of bytes ≥ 0 (e.g. 1000 or 1e6)';

/** A byte count: a whole number ≥ 0, written as an integer or in exponent form (1e6). */
function bytesOf(text: string, where: string, field: string): number {
  const t = text.trim();
  const n = t === '' ? NaN : Number(t);
  if (!Number.isSafeInteger(n) || n < 0) throw new TrafficInputError(where, field, WHOLE, describeValue(text));
  return n;
}

/**
 * `--bytes`: one size for every sender ("1e6") or one per sender, comma-separated
 * ("1e6,2e6,5e5"). With a list, `senders` (when given) must equal its length.
 * Returns the sizes, one per sender.
 */
export function parseSizes(text: string, senders: number | undefined): number[] {
  const parts = text.split(',');
  const sizes = parts.map((p, i) => bytesOf(p, '--bytes', parts.length > 1 ? `size ${i + 1} of ${parts.length}` : 'size'));
  if (sizes.length === 1) return Array.from({ length: senders ?? 1 }, () => sizes[0] as number);
  if (senders !== undefined && senders !== sizes.length) {
    throw new TrafficInputError('--bytes', 'number of sizes', `one per sender (--senders ${senders}): ${senders} sizes`, `${sizes.length} (${describeValue(text)})`);
  }
  return sizes;
}

const SENDER = /^sender\/(\d+)$/;

/**
 * A traffic file: CSV rows `src,dst,bytes,start` (start in seconds, optional:
 * 0), one message each; a first row `src,dst,bytes,start` is a header; blank
 * lines and lines starting with # are skipped. Nodes are "receiver" and
 * "sender/0" … "sender/P−1": P is `senders` when given, else one more than the
 * highest sender index the file names. Returns the flows and P.
 */
export function parseTraffic(text: string, file: string, senders: number | undefined): { flows: TrafficFlow[]; senders: number } {
  const rows: { line: number; fields: string[] }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    rows.push({ line: i + 1, fields: l.split(',').map((f) => f.trim()) });
  });
  if (rows.length > 0 && rows[0]!.fields[0]!.toLowerCase() === 'src') rows.shift();
  if (rows.length === 0) throw new TrafficInputError(file, 'rows', 'at least one row src,dst,bytes[,start]', 'none');
  const at = (line: number) => `${file}:${line}`;
  for (const { line, fields } of rows) {
    if (fields.length < 3 || fields.length > 4) {
      throw new TrafficInputError(at(line), 'row', '3 or 4 comma-separated fields: src,dst,bytes[,start]', `${fields.length} (${describeValue(fields.join(','))})`);
    }
  }
  let P = senders;
  if (P === undefined) {
    P = 1;
    for (const { fields } of rows)
      for (const name of fields.slice(0, 2)) {
        const m = SENDER.exec(name);
        if (m !== null) P = Math.max(P, Number(m[1]) + 1);
      }
  }
  const count = P;
  /** "receiver", or "sender/i" with 0 ≤ i < P written without leading zeros. */
  const known = (name: string) => {
    if (name === 'receiver') return true;
    const m = SENDER.exec(name);
    return m !== null && String(Number(m[1])) === m[1] && Number(m[1]) < count;
  };
  const nodes = `a node: receiver or sender/0 … sender/${P - 1}`;
  const flows = rows.map(({ line, fields }) => {
    const [src, dst, bytes, start] = fields as [string, string, string, string | undefined];
    if (!known(src)) throw new TrafficInputError(at(line), 'src', nodes, describeValue(src));
    if (!known(dst)) throw new TrafficInputError(at(line), 'dst', nodes, describeValue(dst));
    if (src === dst) throw new TrafficInputError(at(line), 'dst', `a node other than src (${src})`, describeValue(dst));
    const startS = start === undefined || start === '' ? 0 : Number(start);
    if (!Number.isFinite(startS) || startS < 0) {
      throw new TrafficInputError(at(line), 'start', 'a time in seconds ≥ 0', describeValue(start));
    }
    return { src, dst, bytes: bytesOf(bytes, at(line), 'bytes'), startS };
  });
  return { flows, senders: P };
}
