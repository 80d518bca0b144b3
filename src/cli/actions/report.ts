import { resolve } from 'node:path';
import { buildReport } from '../../../reports/build.js';

/** `gradwire report`: rebuild a run or sweep directory's report. */
export async function report(dir: string, opts: { out?: string }): Promise<void> {
  process.stderr.write(`report: ${await buildReport(resolve(dir), opts.out === undefined ? undefined : resolve(opts.out))}\n`);
}
