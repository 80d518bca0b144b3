import { LINK_ATTRIBUTE_NAMES, expectationOf, linkAttribute, passes, type AttributeDeclaration } from './attributes.js';

/** A preset override that names no declared field, or gives a value its declaration does not accept. */
export class OverrideError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly given: string,
    readonly known: readonly string[] = [],
  ) {
    super(`${field}: expected ${expected}, given ${given}`);
    this.name = 'OverrideError';
  }
}

/** The groups above the declared paths (`power`, `power.watts`, `framing`, …): what a group override may replace. */
const GROUPS: ReadonlySet<string> = new Set(
  LINK_ATTRIBUTE_NAMES.flatMap((name) =>
    name
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
);

/** What a declaration accepts, as a message says it, with its unit: `a number ≥ 0 (s)`, `a whole number ≥ 1 (B)`, `"full" or "half"`. */
export function expectedValue(a: AttributeDeclaration): string {
  const words = expectationOf(a.check);
  // expectationOf words a plain number's bounds alone (`≥ 0`, `in [0, 1)`); a message names the kind too
  const phrase = a.check.kind === 'number' && !words.startsWith('a ') ? `a number ${words}` : words;
  return a.unit === null ? phrase : `${phrase} (${a.unit})`;
}

/** A value as a message gives it: its kind and the value (a long list by its length), and for a list the first item that fails. */
function givenValue(v: unknown, a?: AttributeDeclaration): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) {
    const json = JSON.stringify(v);
    const listCheck = a !== undefined && (a.check.kind === 'numbers' || a.check.kind === 'headers');
    const bad = listCheck ? v.findIndex((x) => !passes(a.check, [x])) : -1;
    if (json.length <= 80) return `list ${json}${bad >= 0 ? ` (item ${bad + 1})` : ''}`;
    return `a list of ${v.length}${bad >= 0 ? ` (item ${bad + 1}: ${JSON.stringify(v[bad]) ?? String(v[bad])})` : ''}`;
  }
  if (typeof v === 'object') return `a group {${Object.keys(v).join(', ')}}`;
  return `${typeof v} ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`;
}

/** The fields of a preset's group (`prefix` its path, '' at the top) that an override may name: the declared ones and the groups of them. */
function overridable(group: Record<string, unknown>, prefix: string): string[] {
  return Object.keys(group).filter((k) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return linkAttribute(path) !== undefined || GROUPS.has(path);
  });
}

const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Set one override in `root` (a copy of the preset): a declared field, checked by its declaration, or a whole group, field by field. */
function setField(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = root;
  for (const [i, key] of keys.entries()) {
    const at = keys.slice(0, i).join('.');
    const here = keys.slice(0, i + 1).join('.');
    const known = overridable(target, at);
    if (!Object.hasOwn(target, key) || !known.includes(key)) {
      throw new OverrideError(path, `a field of the preset (${known.join(', ')}${at ? ` under ${at}` : ' at the top level'})`, `unknown field "${key}"`, known);
    }
    const declared = linkAttribute(here);
    if (declared !== undefined && i < keys.length - 1)
      throw new OverrideError(path, `a field of the preset (${here} has no fields: it is ${expectedValue(declared)})`, `unknown field "${keys[i + 1]}"`, known);
    if (i < keys.length - 1) {
      target = target[key] as Record<string, unknown>;
      continue;
    }
    if (declared !== undefined) {
      if (!passes(declared.check, value)) throw new OverrideError(path, expectedValue(declared), givenValue(value, declared));
      target[key] = value;
      return;
    }
    // a group replaced whole: every field it may override given, each checked as if set alone
    const fields = overridable(target[key] as Record<string, unknown>, here);
    if (!isGroup(value)) throw new OverrideError(path, `a group of fields {${fields.join(', ')}}`, givenValue(value));
    const missing = fields.filter((k) => !Object.hasOwn(value, k));
    if (missing.length > 0) throw new OverrideError(path, `a group of fields {${fields.join(', ')}}`, `${givenValue(value)}, without ${missing.join(', ')}`, fields);
    for (const [k, v] of Object.entries(value)) setField(root, `${here}.${k}`, v);
  }
}

/**
 * A copy of `preset` with fields replaced by dotted path (`arq.packetErrorRate`,
 * `framing.maxPayloadBytes`, `power.watts.tx`, `framing.headers` as a whole
 * list, or a group such as `framing` with all its fields). Each value is
 * checked against its declaration in attributes.ts (kind, bounds, whole
 * number, null, choices, list items, header shape); paths that name no
 * declared field of this preset are refused. The preset itself is never mutated.
 */
export function applyOverrides<T extends object>(preset: T, overrides: Readonly<Record<string, unknown>>): T {
  const copy = structuredClone(preset) as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) setField(copy, path, value);
  return copy as T;
}
