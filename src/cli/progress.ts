import cliProgress from 'cli-progress';

/** Progress on stderr: a bar on a terminal, nothing otherwise (logs stay clean in CI and pipes). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, label: string): Promise<void>;
  stop(): void;
}

/** A progress display for this process's stderr. */
export function makeProgress(): Progress {
  if (!process.stderr.isTTY) {
    return { start() {}, async update() {}, stop() {} };
  }
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
