/**
 * Regenerates `docs/report-main.png`, the README's picture of a report: runs
 * the default scenario with the built CLI (`gradwire run`, which writes the
 * report) into a temporary directory, opens the report in Debian's Chromium
 * (playwright-core, offline: every non-file request is aborted) and captures
 * its first screen, from the title to the end of the verdict. The simulator
 * is only reached through the CLI, as a user would.
 *
 *   npm run readme-image        # needs /usr/bin/chromium (apt-get install -y chromium)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './spec-templates.js';

/** Where the README's image lives, relative to the package root. */
export const README_IMAGE = join('docs', 'report-main.png');

/** What the picture ends with: the verdict, the report's first screen. */
export const LAST_SECTION = '#verdict';

const CHROMIUM = '/usr/bin/chromium';
/** The page's text column (1120 px) and its padding, so the picture has no empty margins. */
const WIDTH = 1160;

async function capture(report: string, target: string): Promise<void> {
  // a dev dependency: loaded only here, so nothing else of the reports needs it
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 2 });
    await page.route('**/*', (route) => (new URL(route.request().url()).protocol === 'file:' ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    if ((await page.locator(LAST_SECTION).count()) === 0) throw new Error(`${report} has no ${LAST_SECTION}: does scenarios/default.yaml still set a target?`);
    // the page is not scrolled, so the box is in page coordinates
    const box = await page.locator(LAST_SECTION).boundingBox();
    if (box === null) throw new Error(`${report}: ${LAST_SECTION} is not displayed`);
    await page.screenshot({ path: target, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil(box.y + box.height) + 16 } });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const root = packageRoot();
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found: build first (npm run build)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  const runDir = mkdtempSync(join(tmpdir(), 'gradwire-readme-'));
  try {
    const scenario = join(root, 'scenarios', 'default.yaml');
    process.stderr.write(`running ${scenario}…\n`);
    const run = spawnSync(process.execPath, [cli, 'run', scenario, '--out', runDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`gradwire run exited with ${run.status ?? run.signal}`);
    const report = join(runDir, 'report', 'index.html');
    if (!existsSync(report)) throw new Error(`${report} was not written`);
    const target = join(root, README_IMAGE);
    mkdirSync(dirname(target), { recursive: true });
    await capture(report, target);
    process.stderr.write(`wrote ${target}\n`);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

await main();
