/**
 * The comparison page (`gradwire compare`) in Debian's chromium, offline: two
 * small real runs of different scenarios (2 and 4 workers), compared; every
 * chart must draw marks, with one line per (run, scheme), and nothing may be
 * loaded from the network. Skipped, with a message, without /usr/bin/chromium
 * (except under CI). GRADWIRE_KEEP_TEST_REPORTS=1 keeps the page and its screenshot.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComparison, COMPARE_CHARTS, COMPARE_TARGET_CHART } from '../../reports/compare.js';

const ALL_CHARTS = [...COMPARE_CHARTS, COMPARE_TARGET_CHART];
import { COMPARE_RUN_NAMES, makeCompareRuns } from './compare-runs.js';
import { SKIP_BROWSER, SKIP_REASON, launchChromium, openOffline, waitForCharts, type OfflinePage } from './offline-browser.js';

const KEEP = process.env.GRADWIRE_KEEP_TEST_REPORTS === '1';
const SKIP = SKIP_BROWSER;
if (SKIP) console.warn(`compare browser tests skipped: ${SKIP_REASON}`);

describe.skipIf(SKIP)(`comparison page of two real runs in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let browser: Browser | undefined;
  let root: string;
  let out: string;
  let opened: OfflinePage;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gradwire-browser-compare-'));
    const runs = await makeCompareRuns(root);
    out = join(root, 'compare');
    const index = await buildComparison(runs, out, { images: false });
    browser = await launchChromium();
    opened = await openOffline(browser, index);
    await waitForCharts(opened.page);
    await opened.page.screenshot({ path: join(out, 'screenshot.png'), fullPage: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (KEEP) console.log(`comparison test directory kept: ${root}`);
    else if (root) await rm(root, { recursive: true, force: true });
  });

  it('loads without any network request, page error, console error or warning', () => {
    expect(opened.network, 'attempted network requests').toEqual([]);
    expect(opened.pageErrors, 'uncaught page errors').toEqual([]);
    expect(opened.consoleErrors, 'console errors').toEqual([]);
    expect(opened.cspViolations, 'Content-Security-Policy violations (blocked loads)').toEqual([]);
    expect(opened.consoleWarnings, 'console warnings (Vega-Lite warns there)').toEqual([]);
  });

  it('renders every chart it wrote, each a non-empty SVG with a line per (run, scheme)', async () => {
    const written = (await readdir(join(out, 'charts'))).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
    const charts = await opened.page.$$eval('figure.chart', (els) =>
      els.map((el) => {
        const svg = el.querySelector('.vega svg');
        const r = svg?.getBoundingClientRect();
        return {
          spec: el.getAttribute('data-spec') ?? '',
          width: r?.width ?? 0,
          height: r?.height ?? 0,
          failed: el.querySelector('.failed') !== null,
          marks: el.querySelectorAll('.vega svg .role-mark > path, .vega svg .role-mark > rect, .vega svg .role-mark > line').length,
          lines: el.querySelectorAll('.vega svg .mark-line path').length,
          bars: el.querySelectorAll('.vega svg .mark-rect path').length,
          text: (el.querySelector('.vega')?.textContent ?? '').replace(/\s+/g, ' '),
        };
      }),
    );
    expect(charts.map((c) => c.spec)).toEqual(ALL_CHARTS);
    expect([...written].sort()).toEqual([...ALL_CHARTS].sort());
    for (const c of charts) {
      expect(c.failed, `chart ${c.spec} failed to render`).toBe(false);
      expect(c.width, `chart ${c.spec} width`).toBeGreaterThan(100);
      expect(c.height, `chart ${c.spec} height`).toBeGreaterThan(100);
      expect(c.marks, `chart ${c.spec}: marks drawn`).toBeGreaterThan(0);
      if (c.spec === COMPARE_TARGET_CHART) expect(c.bars, `chart ${c.spec}: a bar per run and scheme that reached the target, in each of 3 panels`).toBe(3 * 4);
      else expect(c.lines, `chart ${c.spec}: one line per run and scheme`).toBe(4);
    }
  });

  it('shows both runs, their schemes and their verdict sentences', async () => {
    const text = await opened.page.locator('body').innerText();
    for (const name of COMPARE_RUN_NAMES) expect(text).toContain(name);
    for (const label of ['Dense SGD', 'Top-k 10, EF']) expect(text).toContain(label);
    expect(await opened.page.locator('ul.verdicts li').count()).toBe(2);
    expect(await opened.page.locator('table.finals tbody tr').count()).toBe(4);
  });
});
