/// <reference lib="dom" />
/**
 * End-to-end check that the built report works offline in a real browser:
 * Debian's chromium opens the file:// page with every non-local request
 * aborted and counted, and the charts must draw with no error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { defaultSpecsDir, SPEC_SUFFIX } from '../../reports/specs.js';
import { makeRunDir, SCHEMES } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
/** Protocols a self-contained page may load from. */
const LOCAL_PROTOCOLS = new Set(['file:', 'data:', 'blob:']);
const CHART_TIMEOUT_MS = 10_000;

interface Loaded {
  page: Page;
  /** URLs of attempted requests that were not file:/data:/blob: (all aborted), WebSockets included. */
  network: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** CSP violations reported by the page (a blocked load never reaches the router). */
  cspViolations: string[];
  /** Where the full-page screenshot was written. */
  screenshot: string;
}

interface ChartBox {
  spec: string;
  tag: string | null;
  width: number;
  height: number;
  lines: number;
  text: string;
}

let browser: Browser | undefined;
const tempDirs: string[] = [];

afterAll(async () => {
  await browser?.close();
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Builds the report of a synthetic run, opens it in chromium and waits for the charts; once for all tests. */
let loading: Promise<Loaded> | undefined;
function load(): Promise<Loaded> {
  loading ??= doLoad();
  return loading;
}

async function doLoad(): Promise<Loaded> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium: apt-get install -y chromium`);
  }
  const runDir = await makeRunDir();
  tempDirs.push(runDir);
  const report = await buildReport(runDir);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const network: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];

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
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('crash', () => pageErrors.push('page crashed'));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    (msg.text().startsWith('CSP violation') ? cspViolations : consoleErrors).push(msg.text());
  });

  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  try {
    await page.waitForFunction(
      () => {
        const charts = Array.from(document.querySelectorAll('.chart'));
        return (
          charts.length > 0 &&
          charts.every((el) => {
            const r = el.querySelector('svg, canvas')?.getBoundingClientRect();
            return r !== undefined && r.width > 0 && r.height > 0;
          })
        );
      },
      undefined,
      { timeout: CHART_TIMEOUT_MS },
    );
  } catch (err) {
    const state = await page.$$eval('.chart', (els) => els.map((el) => `${el.id}: ${el.innerHTML.slice(0, 200) || '(empty)'}`));
    throw new Error(
      `charts did not render within ${CHART_TIMEOUT_MS} ms.\n${state.join('\n')}\npage errors: ${pageErrors.join('; ') || 'none'}\n` +
        `console errors: ${consoleErrors.join('; ') || 'none'}`,
      { cause: err },
    );
  }

  const shotDir = await mkdtemp(join(tmpdir(), 'gradwire-report-shot-'));
  tempDirs.push(shotDir);
  const screenshot = join(shotDir, 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  return { page, network, pageErrors, consoleErrors, cspViolations, screenshot };
}

function chartBoxes(page: Page): Promise<ChartBox[]> {
  return page.$$eval('.chart', (els) =>
    els.map((el) => {
      const drawn = el.querySelector('svg, canvas');
      const r = drawn?.getBoundingClientRect();
      return {
        spec: el.getAttribute('data-spec') ?? el.id,
        tag: drawn?.tagName.toLowerCase() ?? null,
        width: r?.width ?? 0,
        height: r?.height ?? 0,
        // Vega's SVG renderer draws each line series as a path inside a `mark-line` group.
        lines: el.querySelectorAll('.mark-line path').length,
        text: (drawn?.textContent ?? el.textContent ?? '').replace(/\s+/g, ' '),
      };
    }),
  );
}

describe('report in a real browser (chromium, offline)', () => {
  it('loads without any network request', async () => {
    const { network, cspViolations } = await load();
    expect(network, `attempted network requests:\n${network.join('\n')}`).toEqual([]);
    expect(cspViolations, 'Content-Security-Policy violations (blocked loads)').toEqual([]);
  });

  it('logs no page error and no console error', async () => {
    const { pageErrors, consoleErrors } = await load();
    expect(pageErrors, 'uncaught page errors').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  });

  it('renders one non-empty chart per spec template, each with a line per scheme', async () => {
    const { page } = await load();
    const specFiles = (await readdir(defaultSpecsDir())).filter((f) => f.endsWith(SPEC_SUFFIX));
    const charts = await chartBoxes(page);
    expect(specFiles.length).toBeGreaterThan(0);
    expect(charts.map((c) => `${c.spec}${SPEC_SUFFIX}`).sort()).toEqual([...specFiles].sort());
    for (const c of charts) {
      expect(c.text, `chart ${c.spec} reported a render failure`).not.toMatch(/failed to render/);
      expect(c.tag, `chart ${c.spec} has no svg/canvas`).toMatch(/^(svg|canvas)$/);
      expect(c.width, `chart ${c.spec} width`).toBeGreaterThan(0);
      expect(c.height, `chart ${c.spec} height`).toBeGreaterThan(0);
      expect(c.lines, `chart ${c.spec}: line paths drawn`).toBe(SCHEMES.length);
      for (const scheme of SCHEMES) expect(c.text, `legend of chart ${c.spec}`).toContain(scheme);
    }
  });

  it('shows both scheme names in the rendered page', async () => {
    const { page } = await load();
    const text = await page.locator('body').innerText();
    for (const scheme of SCHEMES) expect(text).toContain(scheme);
    const tableRows = await page.locator('table tbody th[scope=row]').allInnerTexts();
    expect(tableRows).toHaveLength(SCHEMES.length);
    SCHEMES.forEach((scheme, i) => expect(tableRows[i]).toContain(scheme));
  });

  it('saves a full-page PNG screenshot', async () => {
    const { page, screenshot } = await load();
    const png = await readFile(screenshot);
    expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(width).toBe(1280);
    expect(height).toBe(pageHeight); // full page, not just the viewport
  });
});
