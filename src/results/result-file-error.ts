/** The error of a bad result file, apart from the readers (zod and all), so the CLI can know it without loading them. */

/** A result file that is missing or not what gradwire writes: bad input (the CLI's exit code 2). */
export class ResultFileError extends Error {
  /** What is wrong, without the file's name: for a caller that names the file in its own words. */
  readonly problem: string;
  constructor(message: string, options?: ErrorOptions & { readonly problem?: string }) {
    super(message, options);
    this.name = 'ResultFileError';
    this.problem = options?.problem ?? message;
  }
}
