/**
 * Text formatting shared by the page and the chart datasets: HTML escaping and
 * short human-readable numbers with units. Pure functions, no locale lookups
 * beyond `en-US`, so output is byte-stable across machines.
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number to `digits` significant digits, trailing zeros dropped; `—` for null. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return trimExponent(v.toExponential(digits - 1));
  return String(Number(v.toPrecision(digits)));
}

/** `1.50e+9` → `1.5e9`. */
function trimExponent(text: string): string {
  const [mantissa = '', exponent = ''] = text.split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${m}e${exponent.replace(/^\+/, '')}`;
}

const SI_PREFIXES = [
  { factor: 1e12, prefix: 'T' },
  { factor: 1e9, prefix: 'G' },
  { factor: 1e6, prefix: 'M' },
  { factor: 1e3, prefix: 'k' },
  { factor: 1, prefix: '' },
  { factor: 1e-3, prefix: 'm' },
  { factor: 1e-6, prefix: 'µ' },
  { factor: 1e-9, prefix: 'n' },
] as const;

/** A quantity with an SI prefix and unit, 3 significant digits: `1.25 ms`, `40.3 MB`, `0 s`. */
export function formatSi(v: number | null | undefined, unit: string, digits = 3): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return `${v} ${unit}`;
  if (v === 0) return `0 ${unit}`;
  const abs = Math.abs(v);
  const step = SI_PREFIXES.find((p) => abs >= p.factor * 0.9995) ?? SI_PREFIXES[SI_PREFIXES.length - 1]!;
  return `${Number((v / step.factor).toPrecision(digits))} ${step.prefix}${unit}`;
}

/** Decimal (SI) bytes, as the simulator's link rates: `240 kB`. */
export function formatBytes(v: number | null | undefined): string {
  if (v === null || v === undefined || (Number.isFinite(v) && Math.abs(v) < 1000)) {
    return v === null || v === undefined ? '—' : `${Number(v.toPrecision(3))} B`;
  }
  return formatSi(v, 'B');
}

/** A bit rate: `1 Gb/s`. */
export function formatBitRate(bps: number): string {
  return formatSi(bps, 'b/s');
}

/** A swept parameter value as a short label: numbers compact, strings as is, anything else JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
