/// <reference lib="dom" />
/**
 * Opening a built page offline in Debian's chromium, as every browser test does: every request that is not
 * file:/data:/blob: is aborted and counted (WebSockets and requests the router might miss included), and page
 * errors, console errors, warnings and CSP violations are collected.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Without chromium the browser tests are skipped, except under CI (CI=true), where they must run. */
export const SKIP_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
export const SKIP_REASON = `${CHROMIUM} not found; install Debian's chromium (apt-get install -y chromium) to run them`;
export const CHART_TIMEOUT_MS = 15_000;
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
/** Protocols a self-contained page may load from. */
const LOCAL_PROTOCOLS = new Set(['file:', 'data:', 'blob:']);

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });

export interface OfflinePage {
  page: Page;
  /** URLs of attempted requests that were not file:/data:/blob: (all aborted), WebSockets included. */
  network: string[];
  pageErrors: string[];
  consoleErrors: string[];
  consoleWarnings: string[];
  /** CSP violations reported by the page (a blocked load never reaches the router). */
  cspViolations: string[];
  close(): Promise<void>;
}

/** Load `file` in a fresh offline context and wait for the load event. */
export async function openOffline(browser: Browser, file: string): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const opened: Omit<OfflinePage, 'page'> = { network: [], pageErrors: [], consoleErrors: [], consoleWarnings: [], cspViolations: [], close: () => context.close() };
  const { network } = opened;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (LOCAL_PROTOCOLS.has(new URL(url).protocol)) return route.continue();
    network.push(url);
    return route.abort('blockedbyclient');
  });
  // WebSockets bypass `route`: intercept them without ever connecting.
  await context.routeWebSocket(/.*/, (ws) => {
    network.push(ws.url());
    return ws.close();
  });
  // Requests the router might not see (e.g. issued by workers) still emit `request` on the context.
  context.on('request', (req) => {
    const url = req.url();
    if (!LOCAL_PROTOCOLS.has(new URL(url).protocol) && !network.includes(url)) network.push(url);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => opened.pageErrors.push(err.stack ?? err.message));
  page.on('crash', () => opened.pageErrors.push('page crashed'));
  page.on('console', (msg) => {
    if (msg.type() === 'warning') opened.consoleWarnings.push(msg.text());
    if (msg.type() !== 'error') return;
    (msg.text().startsWith('CSP violation') ? opened.cspViolations : opened.consoleErrors).push(msg.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { ...opened, page };
}

/** Wait until every chart of the page drew its SVG or marked itself failed. */
export async function waitForCharts(page: Page, timeoutMs = CHART_TIMEOUT_MS): Promise<void> {
  await page.waitForFunction(
    () => {
      const charts = Array.from(document.querySelectorAll('figure.chart'));
      return charts.length > 0 && charts.every((el) => el.querySelector('.failed') !== null || el.querySelector('.vega svg') !== null);
    },
    undefined,
    { timeout: timeoutMs },
  );
}
