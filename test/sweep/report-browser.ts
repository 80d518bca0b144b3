/// <reference lib="dom" />
/**
 * A minimal offline opening of a built report in Debian's chromium (as
 * test/reports/browser.test.ts does in full): every non-local request is
 * aborted and counted, and the result says, per chart, whether it drew marks.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Without chromium the checks are skipped, except under CI, where they must run. */
export const SKIP_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const LOCAL = new Set(['file:', 'data:', 'blob:']);

export interface OpenedReport {
  /** Per chart: its spec id and how many marks it drew. */
  readonly charts: { spec: string; marks: number; failed: boolean }[];
  readonly errors: string[];
  readonly network: string[];
}

let browser: Browser | undefined;

/** Open `reportFile` offline; wait until every chart rendered or failed (15 s). */
export async function openReport(reportFile: string): Promise<OpenedReport> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const network: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (LOCAL.has(new URL(url).protocol)) return route.continue();
    network.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load' });
  await page.waitForFunction(
    () => {
      const charts = Array.from(document.querySelectorAll('figure.chart'));
      return charts.length > 0 && charts.every((el) => el.querySelector('.failed') !== null || el.querySelector('.vega svg') !== null);
    },
    undefined,
    { timeout: 15_000 },
  );
  const charts = await page.$$eval('figure.chart', (els) =>
    els.map((el) => ({
      spec: el.getAttribute('data-spec') ?? '',
      marks: el.querySelectorAll('.vega svg .role-mark > path, .vega svg .role-mark > rect, .vega svg .role-mark > text, .vega svg .role-mark > line').length,
      failed: el.querySelector('.failed') !== null,
    })),
  );
  await context.close();
  return { charts, errors, network };
}

/** Close the browser (afterAll). */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
