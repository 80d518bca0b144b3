import { LINK_ATTRIBUTE_NAMES, expectedValue, givenValue, linkAttribute, passes, valueAtPath } from './attributes.js';
import type { LinkPreset } from './index.js';
import { presetMessages as msg } from './messages.js';

/**
 * A preset override that names no declared field, or gives a value its
 * declaration does not accept. `known`: the fields the override could have
 * named there (under the group `under`, '' at the top), and `unknown` the name
 * that is none of them (for a did-you-mean, which names the whole dotted path).
 */
export class OverrideError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly given: string,
    readonly known: readonly string[] = [],
    readonly unknown?: string,
    readonly under: string = '',
  ) {
    super(msg.refused(field, expected, given));
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

/** The fields of a preset's group (`prefix` its path, '' at the top) that an override may name: the declared ones and the groups of them. */
function overridable(group: Record<string, unknown>, prefix: string): string[] {
  return Object.keys(group).filter((k) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return linkAttribute(path) !== undefined || GROUPS.has(path);
  });
}

const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Set one override in `root` (a copy of the preset named `preset`): a declared field, checked by its declaration, or a whole group, field by field. */
function setField(root: Record<string, unknown>, preset: string, path: string, value: unknown): void {
  const whole = linkAttribute(path);
  if (whole?.family !== undefined && valueAtPath(root, path) === undefined) {
    // a field of another family's presets: named as such rather than as a misspelling
    throw new OverrideError(path, msg.familyField(preset), msg.otherFamily(path, whole.family), overridable(root, ''));
  }
  const keys = path.split('.');
  let target = root;
  for (const [i, key] of keys.entries()) {
    const at = keys.slice(0, i).join('.');
    const here = keys.slice(0, i + 1).join('.');
    const known = overridable(target, at);
    if (!Object.hasOwn(target, key) || !known.includes(key)) throw new OverrideError(path, msg.fieldOf(preset, known, at), msg.unknownField(key), known, key, at);
    const declared = linkAttribute(here);
    if (declared !== undefined && i < keys.length - 1) throw new OverrideError(path, msg.leafOf(preset, here, expectedValue(declared)), msg.unknownField(keys[i + 1]!), known, keys[i + 1], at);
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
    if (!isGroup(value)) throw new OverrideError(path, msg.groupOf(fields), givenValue(value));
    const missing = fields.filter((k) => !Object.hasOwn(value, k));
    if (missing.length > 0) throw new OverrideError(path, msg.groupOf(fields), msg.groupWithout(givenValue(value), missing), fields);
    for (const [k, v] of Object.entries(value)) setField(root, preset, `${here}.${k}`, v);
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
export function applyOverrides<T extends LinkPreset>(preset: T, overrides: Readonly<Record<string, unknown>>): T {
  const copy = structuredClone(preset) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) setField(copy, preset.name, path, value);
  return copy as unknown as T;
}
