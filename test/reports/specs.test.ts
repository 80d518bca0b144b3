import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../reports/rows.js';
import { fillTemplate, formatSpecJson, standaloneSpec } from '../../reports/spec-fill.js';
import { wantsLog } from '../../reports/spec-scales.js';
import { loadSpecTemplates, loadTheme } from '../../reports/spec-templates.js';
import type { FillContext } from '../../reports/spec-views.js';
import { PAGE_CHARTS } from './chart-ids.js';
import { must } from '../must.js';

const rows: Row[] = [
  { scheme: 'a', scheme_label: 'A', group: '', iteration: 0, loss: 1, accuracy: null, time_s: 0 },
  { scheme: 'a', scheme_label: 'A', group: '', iteration: 1, loss: 0.5, accuracy: null, time_s: 1 },
  { scheme: 'b', scheme_label: 'B', group: '', iteration: 0, loss: 1, accuracy: null, time_s: 0 },
  { scheme: 'b', scheme_label: 'B', group: '', iteration: 1, loss: 0.7, accuracy: null, time_s: 100 },
];
const ctx = (datasets: Record<string, Row[]> = { m: rows, empty: [] }, extra: Partial<FillContext> = {}): FillContext => ({
  datasets,
  tokens: { who: 'gradwire' },
  schemes: ['A', 'B'],
  ...extra,
});
const spec = (s: object) => s as unknown as TopLevelSpec;
const fill = (s: object, c: FillContext = ctx()) => fillTemplate({ id: 't', spec: spec(s) }, c);
const line = (y: string, extra: object = {}) => ({ mark: 'line', encoding: { x: { field: 'iteration', type: 'quantitative' }, y: { field: y, type: 'quantitative' } }, ...extra });

describe('fillTemplate', () => {
  it('substitutes {{tokens}} in strings and rejects unknown ones by name', () => {
    const filled = fill({ title: { text: 'by {{who}}', subtitle: '{{ who }}!' }, data: { name: 'm' }, ...line('loss') });
    expect((filled?.spec as { title: unknown }).title).toEqual({ text: 'by gradwire', subtitle: 'gradwire!' });
    expect(() => fill({ title: '{{nope}}', data: { name: 'm' }, ...line('loss') })).toThrow('spec t: unknown token {{nope}} (known: who)');
  });

  it('rejects a template that reads no named dataset, or an unknown one', () => {
    expect(() => fill({ data: { values: [] }, ...line('loss') })).toThrow(/spec t reads no named dataset/);
    expect(() => fill({ data: { name: 'other' }, ...line('loss') })).toThrow('spec t: unknown dataset "other" (known: empty, m)');
  });

  it('omits a chart whose dataset is empty, or whose position field is null in every row', () => {
    expect(fill({ data: { name: 'empty' }, ...line('loss') })).toBeNull();
    expect(fill({ data: { name: 'm' }, ...line('accuracy') })).toBeNull();
    expect(fill({ data: { name: 'm' }, ...line('loss') })?.datasets).toEqual(['m']);
  });

  it('drops the absent panels and layers of a composite chart and keeps the rest', () => {
    const filled = fill({ data: { name: 'm' }, hconcat: [{ layer: [line('loss'), line('accuracy')] }, line('accuracy')] });
    expect(filled?.spec).toMatchObject({ hconcat: [{ layer: [{ encoding: { y: { field: 'loss' } } }] }] });
    expect((filled?.spec as { hconcat: unknown[] }).hconcat).toHaveLength(1);
  });

  it('checks fields inherited from a layer’s shared encoding', () => {
    const filled = fill({ data: { name: 'm' }, encoding: { y: { field: 'accuracy', type: 'quantitative' } }, layer: [{ mark: 'line' }] });
    expect(filled).toBeNull();
  });

  it('keeps a log scale where values span a decade, else linear; cumulative fields compare the schemes’ totals', () => {
    const log = { type: 'log' };
    const f = fill({
      data: { name: 'm' },
      mark: 'line',
      encoding: { x: { field: 'time_s', type: 'quantitative', scale: { ...log } }, y: { field: 'loss', type: 'quantitative', scale: { ...log, zero: false } } },
    });
    const spec = must(f, 'a filled spec').spec as unknown as { encoding: Record<string, { scale: object }>; transform: unknown[] };
    const enc = spec.encoding;
    expect(enc.y!.scale).toEqual({ type: 'linear', zero: false }); // 0.5 … 1
    expect(enc.x!.scale).toEqual({ type: 'log' }); // totals 1 s and 100 s
    // A kept log scale filters out the rows it cannot draw (time 0).
    expect(spec.transform).toEqual([{ filter: { field: 'time_s', gt: 0 } }]);
    expect(wantsLog('loss', [{ loss: 10 }, { loss: 0.5 }])).toBe(true);
    expect(wantsLog('loss', [{ loss: 10 }, { loss: 0 }])).toBe(false);
    expect(wantsLog('loss_lo', [{ loss: 2, loss_lo: 0.1, loss_hi: 3 }])).toBe(true);
  });

  it('keeps a log scale with an explicit base (workers doubling) under a decade, ticked at the values drawn; linear once a value is ≤ 0', () => {
    const workers = (xs: number[]): Row[] => xs.map((w) => ({ scheme: 'a', scheme_label: 'A', workers: w, seconds: 1 }));
    const x = { field: 'workers', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { format: 'd' } };
    const view = { data: { name: 'w' }, mark: 'line', encoding: { x, y: { field: 'seconds', type: 'quantitative' } } };
    const enc = (rows: Row[]) => (fill(view, ctx({ w: rows }))?.spec as { encoding: { x: { scale: object; axis: object } } }).encoding.x;
    expect(enc(workers([8, 4, 16, 32, 8]))).toMatchObject({ scale: { type: 'log', base: 2 }, axis: { format: 'd', values: [4, 8, 16, 32] } });
    expect(enc(workers([0, 4, 8])).scale).toEqual({ type: 'linear' });
    // values the template gives are kept
    const given = { ...view, encoding: { ...view.encoding, x: { ...x, axis: { values: [4, 32] } } } };
    expect((fill(given, ctx({ w: workers([4, 8, 32]) }))?.spec as { encoding: { x: { axis: object } } }).encoding.x.axis).toEqual({ values: [4, 32] });
  });

  it('unwraps a facet with a single panel, keeping the chart’s title and data', () => {
    const f = fill({ title: 'T', data: { name: 'm' }, facet: { field: 'group', type: 'nominal' }, columns: 1, spec: { width: 300, ...line('loss') } });
    expect(f?.spec).toEqual({ title: 'T', data: { name: 'm' }, width: 300, ...line('loss'), encoding: line('loss').encoding });
    const two = fill({ data: { name: 'm' }, facet: { field: 'scheme', type: 'nominal' }, spec: line('loss') });
    expect(two?.spec).toHaveProperty('facet');
  });

  it('colours schemes consistently and trims explicit colour domains to the values drawn', () => {
    const only = { m: rows.filter((r) => r.scheme === 'b') };
    const f = fill(
      {
        data: { name: 'm' },
        hconcat: [
          { mark: 'line', encoding: { y: { field: 'loss', type: 'quantitative' }, color: { field: 'scheme_label', type: 'nominal' } } },
          { mark: 'bar', encoding: { y: { field: 'loss', type: 'quantitative' }, color: { field: 'scheme', type: 'nominal', scale: { domain: ['a', 'b', 'c'], range: ['#1', '#2', '#3'] } } } },
        ],
      },
      ctx(only),
    );
    const [first, second] = (f?.spec as { hconcat: { encoding: { color: { scale: object } } }[] }).hconcat;
    expect(first!.encoding.color.scale).toEqual({ domain: ['B'], range: ['#f58518'] });
    expect(second!.encoding.color.scale).toEqual({ domain: ['b'], range: ['#2'] });
  });

  it('merges the theme under the template’s own config', () => {
    const f = fill(
      { data: { name: 'm' }, config: { axis: { labelFontSize: 9 } }, ...line('loss') },
      ctx(undefined, { theme: { axis: { labelFontSize: 11, titleFontSize: 12 }, view: { stroke: null } } }),
    );
    expect((f?.spec as { config: unknown }).config).toEqual({ axis: { labelFontSize: 9, titleFontSize: 12 }, view: { stroke: null } });
  });

  it('does not change the template it is given', () => {
    const template = { data: { name: 'm' }, title: '{{who}}', facet: { field: 'group' }, spec: { mark: 'line', encoding: { y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } } } } };
    const before = structuredClone(template);
    fill(template);
    expect(template).toEqual(before);
  });
});

describe('standalone specs', () => {
  it('embed the datasets they read and print each row on one line', () => {
    const f = fill({ data: { name: 'm' }, ...line('loss') })!;
    const text = formatSpecJson(standaloneSpec(f, { m: rows.slice(0, 2), empty: [] }));
    expect(JSON.parse(text)).toEqual({ ...f.spec, datasets: { m: rows.slice(0, 2) } });
    expect(text.split('\n').filter((l) => l.startsWith('      {"scheme"'))).toHaveLength(2);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('templates', () => {
  it('load in page order, every one of the shipped set, plus the theme', async () => {
    const ids = (await loadSpecTemplates()).map((t) => t.id);
    expect(ids).toEqual(PAGE_CHARTS);
    expect(await loadTheme()).toHaveProperty('axis');
  });

  it('put a template the catalog does not know last, and fail naming a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gradwire-specs-'));
    try {
      await writeFile(join(dir, 'zz-mine.vl.json'), JSON.stringify({ data: { name: 'convergence' }, ...line('loss') }));
      await writeFile(join(dir, 'loss-vs-time.vl.json'), JSON.stringify({ data: { name: 'convergence' }, ...line('loss') }));
      expect((await loadSpecTemplates(dir)).map((t) => t.id)).toEqual(['loss-vs-time', 'zz-mine']);
      await writeFile(join(dir, 'broken.vl.json'), '{');
      await expect(loadSpecTemplates(dir)).rejects.toThrow(/broken\.vl\.json: cannot load spec template/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
