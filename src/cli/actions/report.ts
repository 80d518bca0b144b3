import { buildReport } from '../../../reports/build.js';
import { inDir, outDir } from '../paths.js';

/** `gradwire report`: rebuild a run or sweep directory's report. */
export async function report(dir: string, opts: { out?: string }): Promise<void> {
  const out = opts.out === undefined ? undefined : outDir('--out', opts.out);
  process.stderr.write(`report: ${await buildReport(inDir('report: run or sweep directory', dir), out)}\n`);
}
