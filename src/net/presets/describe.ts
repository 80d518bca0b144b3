import { linkAttribute, type PresetSources } from './attributes.js';

/** Top-level fields that name a preset rather than parameterise it (printed in the heading instead). */
const IDENTITY = ['name', 'description', 'family', 'medium'];

/** One field of a preset, for `gradwire presets --describe`. */
export interface PresetField {
  readonly field: string;
  readonly value: string;
  readonly unit: string;
  readonly source: string;
}

/** Unit of a field from its declaration (attributes.ts); '' for text, choices, flags and undeclared paths. */
export function unitOf(field: string): string {
  return linkAttribute(field)?.unit ?? '';
}

/**
 * Flatten a preset into fields with unit and source. A field's source is the
 * entry for its own path in `sources`, else its nearest parent's; header rows
 * carry their own source.
 */
export function describePreset(preset: { readonly sources: PresetSources }): PresetField[] {
  const rows: PresetField[] = [];
  const sources = preset.sources;
  const sourceOf = (path: string): string => {
    for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const s = (sources as Readonly<Record<string, string>>)[p];
      if (s !== undefined) return s;
    }
    return '';
  };
  const walk = (value: unknown, path: string): void => {
    if (path === 'sources' || IDENTITY.includes(path)) return;
    if (Array.isArray(value)) {
      // an empty list is a value too (e.g. no per-member distances): one row, so it shows with its source
      if (value.length === 0) rows.push({ field: path, value: '[]', unit: unitOf(path), source: sourceOf(path) });
      value.forEach((item, i) => {
        const header = item as { layer?: string; bytes?: number; source?: string };
        if (header.layer !== undefined && header.bytes !== undefined) {
          rows.push({ field: `${path}[${i}] ${header.layer}`, value: String(header.bytes), unit: 'B', source: header.source ?? '' });
        } else {
          walk(item, `${path}[${i}]`);
        }
      });
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'source') continue;
        walk(v, path ? `${path}.${k}` : k);
      }
      return;
    }
    const src = path.startsWith('power.') ? sourceOf('power') || sourceOf(path) : sourceOf(path);
    rows.push({ field: path, value: value === null ? 'none' : String(value), unit: unitOf(path), source: src });
  };
  walk(preset, '');
  return rows;
}
