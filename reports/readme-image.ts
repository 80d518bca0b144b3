/**
 * Regenerates `docs/report-main.png`, the README's picture of a report: runs
 * the default scenario with the built CLI (`gradwire run`, which writes the
 * report) into a temporary directory, then copies the PNG of the report's
 * main chart. The simulator is only reached through the CLI, as a user would.
 *
 *   npm run readme-image
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHARTS_DIR } from './build.js';
import { packageRoot } from './specs.js';

/** The chart the README shows: convergence against simulated time. */
export const MAIN_CHART = 'loss-vs-time';

/** Where the README's image lives, relative to the package root. */
export const README_IMAGE = join('docs', 'report-main.png');

function main(): void {
  const root = packageRoot();
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found: build first (npm run build)`);
  const runDir = mkdtempSync(join(tmpdir(), 'gradwire-readme-'));
  try {
    const scenario = join(root, 'scenarios', 'default.yaml');
    process.stderr.write(`running ${scenario} (a few minutes)…\n`);
    const run = spawnSync(process.execPath, [cli, 'run', scenario, '--out', runDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`gradwire run exited with ${run.status ?? run.signal}`);
    const png = join(runDir, 'report', CHARTS_DIR, `${MAIN_CHART}.png`);
    if (!existsSync(png)) throw new Error(`${png} was not written: has the ${MAIN_CHART} chart data?`);
    const target = join(root, README_IMAGE);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(png, target);
    process.stderr.write(`wrote ${target}\n`);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main();
