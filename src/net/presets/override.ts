/** A preset override that names no field, or gives a value of the wrong kind. */
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

/**
 * A copy of `preset` with fields replaced by dotted path (`arq.packetErrorRate`,
 * `framing.maxPayloadBytes`, `power.watts.tx`, `framing.headers` as a whole
 * list). A value must have the kind of the value it replaces; unknown paths are
 * refused. The preset itself is never mutated.
 */
export function applyOverrides<T extends object>(preset: T, overrides: Readonly<Record<string, unknown>>): T {
  const copy = structuredClone(preset) as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    let target: Record<string, unknown> = copy;
    for (const [i, key] of keys.entries()) {
      const known = Object.keys(target).filter((k) => k !== 'sources');
      if (!(key in target) || key === 'sources') {
        throw new OverrideError(path, `a field of the preset (${known.join(', ')} at this level)`, `unknown field "${key}"`, known);
      }
      if (i === keys.length - 1) {
        const old = target[key];
        const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);
        const compatible = kindOf(old) === kindOf(value) || (old === null && typeof value === 'number') || (typeof old === 'number' && value === null && key === 'capacityPackets');
        if (!compatible) throw new OverrideError(path, `a ${kindOf(old)}`, `${kindOf(value)} ${JSON.stringify(value)}`);
        if (typeof value === 'number' && !Number.isFinite(value)) throw new OverrideError(path, 'a finite number', String(value));
        target[key] = value;
      } else {
        const next = target[key];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) {
          throw new OverrideError(path, `"${key}" to be a group of fields`, `a ${typeof next}`);
        }
        target = next as Record<string, unknown>;
      }
    }
  }
  return copy as T;
}
