/**
 * Server-side rendering of a filled chart: Vega-Lite → Vega → SVG with
 * vega's headless View (no canvas, no browser), then SVG → PNG with resvg.
 */
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Pixel ratio of the PNGs (2: sharp on high-density screens and in READMEs). */
export const PNG_SCALE = 2;

/**
 * Font files tried for the PNGs, in order (Debian's fonts-liberation and
 * fonts-dejavu). Loading a few known files is much faster than scanning every
 * system font on each render; with none of them present, system fonts are used.
 */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

let fontOptions: ResvgRenderOptions['font'] | undefined;
function fonts(): ResvgRenderOptions['font'] {
  if (fontOptions) return fontOptions;
  const files = FONT_CANDIDATES.filter((f) => existsSync(f));
  const family = files.some((f) => f.includes('Liberation')) ? 'Liberation Sans' : files.length > 0 ? 'DejaVu Sans' : 'Arial';
  fontOptions =
    files.length > 0 ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: family, sansSerifFamily: family } : { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family };
  return fontOptions;
}

/**
 * The spec without its invisible layers (marks with opacity 0, there only to
 * catch the pointer for tooltips): they draw nothing in a static image but
 * would add thousands of elements to it.
 */
export function withoutHoverTargets(spec: TopLevelSpec): TopLevelSpec {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'datasets' || k === 'data') out[k] = v;
      else if (k === 'layer' && Array.isArray(v)) {
        const kept = v.filter((c) => (c as { mark?: { opacity?: unknown } }).mark?.opacity !== 0);
        out[k] = (kept.length > 0 ? kept : v).map(visit);
      } else out[k] = visit(v);
    }
    return out;
  };
  return visit(spec) as TopLevelSpec;
}

/**
 * Vega numbers clip paths and gradients with counters global to the process
 * (`clip7` in the second chart rendered): renumber them per document, in
 * order of appearance, so the same chart always gives the same bytes.
 */
function renumberIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = m[1]!;
    if (!ids.has(id)) ids.set(id, `${id.replace(/\d+$/, '')}${ids.size}`);
  }
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const to = ids.get(id);
    return to === undefined ? whole : `${lead}${to}`;
  });
}

/**
 * Renders a standalone Vega-Lite spec (data inline or in `datasets`) to SVG.
 * Throws with the chart id if Vega-Lite or Vega rejects it.
 */
export async function renderSvg(spec: TopLevelSpec, id = 'chart'): Promise<string> {
  let view: vega.View | undefined;
  try {
    const compiled = compile(withoutHoverTargets(spec)).spec;
    view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    return renumberIds(await view.toSVG());
  } catch (err) {
    throw new Error(`chart ${id}: cannot render (${(err as Error).message})`, { cause: err });
  } finally {
    view?.finalize();
  }
}

/** Pixels (width × height) above which a PNG is drawn at a lower scale than {@link PNG_SCALE}: tall sweep charts stay fast and small. */
export const PNG_MAX_PIXELS = 4_000_000;

/** Rasterises an SVG to PNG at {@link PNG_SCALE}× (less for very large charts) on a white background. */
export function svgToPng(svg: string): Buffer {
  const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  const scale = w > 0 && h > 0 ? Math.min(PNG_SCALE, Math.max(1, Math.sqrt(PNG_MAX_PIXELS / (w * h)))) : PNG_SCALE;
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: fonts() });
  return resvg.render().asPng();
}
