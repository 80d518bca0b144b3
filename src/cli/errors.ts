/** Bad input on the command line (unknown preset, malformed --set): exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Exit codes: 0 success, 1 a run failed or diverged, 2 bad input. */
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** Exit code of an interrupted sweep (128 + SIGINT), as shells report Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
