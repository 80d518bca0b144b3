/// <reference lib="dom" />
/**
 * What the browser tests of built reports share (browser-*.test.ts): Debian's
 * chromium opens the file:// page of a real small run or sweep, with every
 * non-local request aborted and counted; every chart must draw marks, with no
 * error on the console. A full-page screenshot is saved as
 * `report/screenshot.png` in each directory (kept with
 * GRADWIRE_KEEP_TEST_REPORTS=1, which prints where).
 *
 * Without /usr/bin/chromium the suites are skipped with a message, except under
 * CI (CI=true), where a missing browser is a failure.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { CHART_TIMEOUT_MS, SKIP_BROWSER, SKIP_REASON, launchChromium, openOffline, waitForCharts, type OfflinePage } from './offline-browser.js';

const KEEP = process.env.GRADWIRE_KEEP_TEST_REPORTS === '1';
export const SKIP = SKIP_BROWSER;
/** Appended to each suite's title: why it is skipped, if it is. */
export const SKIP_NOTE = SKIP ? ` (skipped: ${SKIP_REASON})` : '';
if (SKIP) console.warn(`report browser tests skipped: ${SKIP_REASON}`);

/** An opened report (its context stays open until the browser closes) and where its screenshot is. */
export type Loaded = OfflinePage & { screenshot: string };

interface ChartState {
  spec: string;
  tag: string | null;
  width: number;
  height: number;
  /** Graphic items drawn inside Vega's mark groups (paths, rects, symbols, text…). */
  items: number;
  text: string;
}

/** A report opened in the browser, and its folder. */
export interface Opened {
  loaded: Loaded;
  reportDir: string;
}

/** Opens a report offline, waits for its charts and saves a full-page screenshot beside it. */
async function open(browser: Browser, reportFile: string, screenshot: string): Promise<Loaded> {
  const opened = await openOffline(browser, reportFile);
  const { page, pageErrors, consoleErrors } = opened;
  try {
    await waitForCharts(page);
  } catch (err) {
    const state = await page.$$eval('figure.chart', (els) => els.map((el) => `${el.getAttribute('data-spec')}: ${el.innerHTML.slice(0, 200) || '(empty)'}`));
    throw new Error(
      `charts did not render within ${CHART_TIMEOUT_MS} ms.\n${state.join('\n')}\npage errors: ${pageErrors.join('; ') || 'none'}\n` + `console errors: ${consoleErrors.join('; ') || 'none'}`,
      { cause: err },
    );
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  return { ...opened, screenshot };
}

function chartStates(page: Page): Promise<ChartState[]> {
  return page.$$eval('figure.chart', (els) =>
    els.map((el) => {
      const drawn = el.querySelector('.vega svg, .vega canvas');
      const r = drawn?.getBoundingClientRect();
      return {
        spec: el.getAttribute('data-spec') ?? '',
        tag: drawn?.tagName.toLowerCase() ?? null,
        width: r?.width ?? 0,
        height: r?.height ?? 0,
        items: el.querySelectorAll('.vega svg .role-mark > path, .vega svg .role-mark > rect, .vega svg .role-mark > text, .vega svg .role-mark > line').length,
        text: (el.querySelector('.vega')?.textContent ?? '').replace(/\s+/g, ' '),
      };
    }),
  );
}

/** The text a chart's SVG draws (titles, axis labels, legend, facet headers). */
export async function chartText(page: Page, id: string): Promise<string> {
  return (await page.locator(`figure[data-spec="${id}"] .vega svg`).textContent()) ?? '';
}

/** The checks every report page must pass. */
export function pageChecks(load: () => Promise<Opened>, expectCharts: string[]): void {
  it('loads without any network request or CSP violation', async () => {
    const { loaded } = await load();
    expect(loaded.network, `attempted network requests:\n${loaded.network.join('\n')}`).toEqual([]);
    expect(loaded.cspViolations, 'Content-Security-Policy violations (blocked loads)').toEqual([]);
  });

  it('logs no page error and no console error or warning', async () => {
    const { loaded } = await load();
    expect(loaded.pageErrors, 'uncaught page errors').toEqual([]);
    expect(loaded.consoleErrors, 'console errors').toEqual([]);
    expect(loaded.consoleWarnings, 'console warnings (Vega-Lite warns there)').toEqual([]);
  });

  it('renders every chart it wrote, each a non-empty SVG with marks', async () => {
    const { loaded, reportDir } = await load();
    const written = (await readdir(join(reportDir, 'charts'))).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
    const charts = await chartStates(loaded.page);
    expect(charts.map((c) => c.spec).sort()).toEqual([...written].sort());
    expect(charts.map((c) => c.spec)).toEqual(expectCharts);
    for (const c of charts) {
      expect(c.text, `chart ${c.spec} reported a render failure`).not.toMatch(/failed to render/);
      expect(c.tag, `chart ${c.spec} has no svg`).toBe('svg');
      expect(c.width, `chart ${c.spec} width`).toBeGreaterThan(100);
      expect(c.height, `chart ${c.spec} height`).toBeGreaterThan(100);
      expect(c.items, `chart ${c.spec}: marks drawn`).toBeGreaterThan(0);
    }
  });

  it('saves a full-page PNG screenshot as report/screenshot.png', async () => {
    const { loaded, reportDir } = await load();
    expect(loaded.screenshot).toBe(join(reportDir, 'screenshot.png'));
    const png = await readFile(loaded.screenshot);
    expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
    const pageHeight = await loaded.page.evaluate(() => document.documentElement.scrollHeight);
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(pageHeight); // full page, not just the viewport
  });
}

/**
 * The browser of one test file and the folders its reports are made in: the
 * browser is launched on the first report and closed after the file's tests,
 * the folders removed then (kept with GRADWIRE_KEEP_TEST_REPORTS=1).
 */
export function reportPages(): {
  produceAndOpen: (prefix: string, produce: (dir: string) => Promise<unknown>) => () => Promise<Opened>;
  runAndOpen: (yaml: string, file: string, prefix: string) => () => Promise<Opened>;
} {
  let browser: Browser | undefined;
  const tempDirs: string[] = [];
  afterAll(async () => {
    await browser?.close();
    if (KEEP) console.log(`report test directories kept:\n${tempDirs.join('\n')}`);
    else await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  /** Produce result files into a temporary folder, build their report and open it (once, however often called). */
  function produceAndOpen(prefix: string, produce: (dir: string) => Promise<unknown>): () => Promise<Opened> {
    let loading: Promise<Opened> | undefined;
    return () => {
      loading ??= (async () => {
        const dir = await mkdtemp(join(tmpdir(), prefix));
        tempDirs.push(dir);
        await produce(dir);
        const report = await buildReport(dir);
        const reportDir = join(dir, 'report');
        browser ??= await launchChromium();
        return { loaded: await open(browser, report, join(reportDir, 'screenshot.png')), reportDir };
      })();
      return loading;
    };
  }

  /** Run a scenario into a temporary folder, build its report and open it (once, however often called). */
  function runAndOpen(yaml: string, file: string, prefix: string): () => Promise<Opened> {
    return produceAndOpen(prefix, (dir) => runScenario(resolveScenario(parseScenario(yaml, file)), dir));
  }

  return { produceAndOpen, runAndOpen };
}
