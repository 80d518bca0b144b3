import type { Problem } from '../scenario/messages.js';
import { sweepMessages } from './messages.js';

/**
 * Field paths of a sweep: `a.b.c`, list indices `schemes[1].uplink`, a list
 * element by its `name` field `schemes[topk].uplink`, and a quoted key for
 * keys with dots `set["arq.packetErrorRate"]`. Inside a link's `set` the rest
 * of the path is one preset field path, as `set` itself takes them:
 * `network.workerLink.set.arq.packetErrorRate` sets the key
 * `"arq.packetErrorRate"` of `network.workerLink.set`.
 */

/** One step of a field path. */
export type PathSegment = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'name'; readonly name: string };

/** A field path, or why it cannot be one. */
export type ParsedPath = { readonly ok: true; readonly segments: readonly PathSegment[] } | { readonly ok: false; readonly reason: string };

const LINKS = new Set(['workerLink', 'serverLink']);

/** Parse a field path (see the module doc for the forms). */
export function parsePath(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  let i = 0;
  const readKey = (): string => {
    const start = i;
    while (i < path.length && !'.[]'.includes(path[i]!)) i++;
    return path.slice(start, i);
  };
  if (path.length === 0) return { ok: false, reason: 'empty' };
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const close = path.startsWith('"', i + 1) ? closingQuote(path, i + 1) : path.indexOf(']', i + 1);
      if (close < 0 || (path[i + 1] === '"' && path[close + 1] !== ']')) return { ok: false, reason: `unclosed "[" at character ${i + 1}` };
      const inner = path[i + 1] === '"' ? path.slice(i + 1, close + 1) : path.slice(i + 1, close);
      i = path[i + 1] === '"' ? close + 2 : close + 1;
      if (inner === '') return { ok: false, reason: 'empty "[]"' };
      if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (inner.startsWith('"')) {
        let key: unknown;
        try {
          key = JSON.parse(inner);
        } catch {
          return { ok: false, reason: `bad quoted key ${inner}` };
        }
        segments.push({ kind: 'key', key: key as string });
      } else segments.push({ kind: 'name', name: inner });
    } else {
      if (c === '.') {
        if (segments.length === 0) return { ok: false, reason: 'starts with "."' };
        i++;
      } else if (segments.length > 0) {
        return { ok: false, reason: `expected "." or "[" at character ${i + 1}` };
      }
      const key = readKey();
      if (key === '') return { ok: false, reason: `empty field name at character ${i + 1}` };
      segments.push({ kind: 'key', key });
    }
  }
  return { ok: true, segments: collapseLinkSet(segments) };
}

function closingQuote(path: string, open: number): number {
  for (let j = open + 1; j < path.length; j++) {
    if (path[j] === '\\') j++;
    else if (path[j] === '"') return j;
  }
  return -1;
}

/** `…workerLink.set.arq.packetErrorRate` → `…workerLink.set["arq.packetErrorRate"]` (set takes dotted preset paths as keys). */
function collapseLinkSet(segments: PathSegment[]): PathSegment[] {
  for (let i = 1; i < segments.length - 2; i++) {
    const s = segments[i]!;
    if (s.kind !== 'key' || s.key !== 'set') continue;
    const prev = segments[i - 1]!;
    const before = segments[i - 2];
    const isLink = (prev.kind === 'key' && LINKS.has(prev.key)) || (prev.kind !== 'key' && before?.kind === 'key' && before.key === 'workerGroups');
    const rest = segments.slice(i + 1);
    if (isLink && rest.every((r) => r.kind === 'key')) {
      return [...segments.slice(0, i + 1), { kind: 'key', key: rest.map((r) => (r as { key: string }).key).join('.') }];
    }
  }
  return segments;
}

/** A path in the scenario's own notation (indices as `[i]`), e.g. `schemes[1].uplink`. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((s, seg) => {
    if (seg.kind === 'index') return `${s}[${seg.index}]`;
    if (seg.kind === 'name') return `${s}[${seg.name}]`;
    if (seg.key.includes('.') || seg.key.includes('[')) return `${s}[${JSON.stringify(seg.key)}]`;
    return s ? `${s}.${seg.key}` : seg.key;
  }, '');
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Set `value` (deep-copied) at `segments` inside `root`, creating missing
 * mappings on the way. `root` is changed in place (give it a copy). Returns
 * the problem instead when the path does not fit the document: an index past
 * the end, no element with that name, a scalar where a mapping or list is
 * needed. `path` is the path as the user wrote it (for messages); the problem's
 * own path is the resolved field path (names turned into indices).
 */
export function setAt(root: Record<string, unknown>, segments: readonly PathSegment[], value: unknown, path: string): Problem | undefined {
  let node: unknown = root;
  const done: PathSegment[] = [];
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    const at = formatPath(done);
    let slot: string | number;
    if (seg.kind === 'key' && !(Array.isArray(node) && /^\d+$/.test(seg.key))) {
      if (!isMapping(node)) return sweepMessages.notAContainer(path, at, 'mapping', node);
      slot = seg.key;
      done.push(seg);
    } else {
      if (!Array.isArray(node)) return sweepMessages.notAContainer(path, at, 'list', node);
      if (seg.kind === 'name') {
        const names = node.flatMap((el) => (isMapping(el) && typeof el.name === 'string' ? [el.name] : []));
        slot = node.findIndex((el) => isMapping(el) && el.name === seg.name);
        if (slot < 0) return sweepMessages.noSuchElement(path, at, seg.name, names);
      } else {
        slot = seg.kind === 'index' ? seg.index : Number(seg.key);
        if (slot >= node.length) return sweepMessages.indexOutOfRange(path, at, slot, node.length);
      }
      done.push({ kind: 'index', index: slot });
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[slot] = structuredClone(value);
      return undefined;
    }
    if (container[slot] === undefined) {
      const next = segments[i + 1]!;
      if (next.kind !== 'key') return sweepMessages.notAContainer(path, formatPath(done), 'list', undefined);
      container[slot] = {};
    }
    node = container[slot];
  }
  return undefined;
}

/**
 * The field path `segments` address in `root`, names turned into indices
 * (`schemes[topk].uplink` → `schemes[1].uplink`); undefined if a name is not found.
 */
export function resolvedPath(root: unknown, segments: readonly PathSegment[]): string | undefined {
  let node: unknown = root;
  const done: PathSegment[] = [];
  for (const seg of segments) {
    if (seg.kind === 'name') {
      const index = Array.isArray(node) ? node.findIndex((el) => isMapping(el) && el.name === seg.name) : -1;
      if (index < 0) return undefined;
      done.push({ kind: 'index', index });
      node = (node as unknown[])[index];
    } else {
      done.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg.kind === 'key' ? seg.key : seg.index] : undefined;
    }
  }
  return formatPath(done);
}
