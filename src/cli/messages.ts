import { describeValue } from '../text/value-words.js';

/**
 * Messages of the link flags (`--preset`, `--set`, `--bottleneck-preset`,
 * `--set-bottleneck`, `--server-preset`, `--set-server`): each names the flag
 * that gave the problem, what it expected and what it was given.
 */
export const linkFlagMessages = {
  /** A `--set` without `=`. */
  notFieldValue: (setFlag: string, given: string) => `${setFlag}: expected field=value, given ${describeValue(given)}`,
  /** A `--set` value the YAML parser refused; `reason` its first line. */
  notYaml: (setFlag: string, field: string, value: string, reason: string) => `${setFlag} ${field}: expected a YAML value, given ${describeValue(value)} (${reason})`,
  /** A preset name that is none (`kind`: "link preset", or "preset" where devices count too); `given` as describeValue quotes it. */
  unknownPreset: (flag: string, given: string, hint: string, kind = 'link preset') => `${flag}: unknown ${kind} ${given}${hint} (see gradwire presets)`,
  /** One override refused (its field, the declared expectation, the value). */
  badField: (setFlag: string, field: string, expected: string, given: string, hint: string) => `${setFlag} ${field}: expected ${expected}, given ${given}${hint}`,
  /** Overrides whose fields do not agree with each other or the preset: the finding as the preset's checks word it. */
  inconsistent: (setFlag: string, flag: string, preset: string, problem: string) => `${setFlag} (on ${flag} ${preset}): ${problem}`,
};
