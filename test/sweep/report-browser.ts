/// <reference lib="dom" />
/**
 * A minimal offline opening of a built report in Debian's chromium (as
 * test/reports/browser-*.test.ts do in full): the result says, per chart,
 * whether it drew marks, and what the page tried to load or complained of.
 */
import type { Browser } from 'playwright-core';
import { launchChromium, openOffline, waitForCharts } from '../reports/offline-browser.js';

export { SKIP_BROWSER } from '../reports/offline-browser.js';

export interface OpenedReport {
  /** Per chart: its spec id and how many marks it drew. */
  readonly charts: { spec: string; marks: number; failed: boolean }[];
  readonly errors: string[];
  readonly network: string[];
}

let browser: Browser | undefined;

/** Open `reportFile` offline; wait until every chart rendered or failed (15 s). */
export async function openReport(reportFile: string): Promise<OpenedReport> {
  browser ??= await launchChromium();
  const opened = await openOffline(browser, reportFile);
  await waitForCharts(opened.page);
  const charts = await opened.page.$$eval('figure.chart', (els) =>
    els.map((el) => ({
      spec: el.getAttribute('data-spec') ?? '',
      marks: el.querySelectorAll('.vega svg .role-mark > path, .vega svg .role-mark > rect, .vega svg .role-mark > text, .vega svg .role-mark > line').length,
      failed: el.querySelector('.failed') !== null,
    })),
  );
  await opened.close();
  const errors = [...opened.pageErrors, ...opened.consoleErrors, ...opened.cspViolations, ...opened.consoleWarnings];
  return { charts, errors, network: opened.network };
}

/** Close the browser (afterAll). */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
