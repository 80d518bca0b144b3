import cliProgress from 'cli-progress';

/** Progress on stderr: a bar on a terminal; otherwise (CI, batch jobs, pipes) a plain line per tenth of the run. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, label: string): Promise<void>;
  stop(): void;
}

/** A progress display for this process's stderr. */
export function makeProgress(): Progress {
  if (!process.stderr.isTTY) return logLines();
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} iterations | ETA {eta_formatted} | {label}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(total, label) {
      bar.start(total, 0, { label });
    },
    async update(done, label) {
      bar.update(done, { label });
      await new Promise((resolve) => setImmediate(resolve)); // let the bar redraw between iterations
    },
    stop() {
      bar.stop();
    },
  };
}

/** One line each time another tenth of the iterations is done (and at the end). */
function logLines(): Progress {
  let total = 0;
  let printed = 0;
  return {
    start(n) {
      total = n;
      printed = 0;
    },
    async update(done, label) {
      const tenth = Math.floor((10 * done) / Math.max(total, 1));
      if (tenth <= printed) return;
      printed = tenth;
      process.stderr.write(`[${done}/${total} iterations, ${Math.round((100 * done) / Math.max(total, 1))} %] ${label}\n`);
    },
    stop() {},
  };
}
