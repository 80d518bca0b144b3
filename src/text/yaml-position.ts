import { isMap, isScalar, type Document, type LineCounter } from 'yaml';

/** Where a field is written in a user's YAML file: a scenario's, or a workload profile table's. */

/** The offset of the field at exactly `path` in a document: of its key in a mapping, of the node in a list; undefined when the file does not write it. */
export function offsetIn(doc: Document, path: readonly PropertyKey[]): number | undefined {
  type Ranged = { range?: [number, number, number] } | null | undefined;
  if (path.length === 0) return (doc.contents as Ranged)?.range?.[0];
  const parent = doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === path[path.length - 1]);
    return (pair?.key as Ranged)?.range?.[0];
  }
  return (doc.getIn(path, true) as Ranged)?.range?.[0];
}

/** The 1-based line and column of the field at `path`, or of its nearest parent the file writes; undefined when none is. */
export function positionIn(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): { line: number; col: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const offset = offsetIn(doc, path.slice(0, n));
    if (offset !== undefined) return lines.linePos(offset);
  }
  return undefined;
}

/** A field path as keys: `layers[3].params` → layers, 3, params. */
export function pathKeys(path: string): (string | number)[] {
  return (path.match(/[^.[\]]+/g) ?? []).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
