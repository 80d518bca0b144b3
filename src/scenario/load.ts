import { readFileSync, statSync } from 'node:fs';
import { utf8Text } from './utf8.js';
import { sweepSizeProblems } from './sweep-size.js';
import { dirname, resolve as resolvePath } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { DEVICE_PRESETS } from '../learn/devices.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { compositionProblems } from './compose.js';
import { profileProblems, resolveProfileFiles } from './profile-checks.js';
import { sparseProblems } from './sparse-checks.js';
import { outputProblems } from './output-checks.js';
import { dataProblems } from './data-checks.js';
import { linkProblems, rawLinkProblems } from './links.js';
import { DEFAULT_LINK_PRESET } from './schema-network.js';
import { issueProblems } from '../text/issue-words.js';
import { offsetIn, pathKeys as fieldKeys, positionIn as fieldPosition } from '../text/yaml-position.js';
import { ScenarioError, checkMessages, scenarioMessages, type Problem } from './messages.js';

type PathKey = string | number;

/** A problem that may lie in another file of the `extends` chain than the scenario's own (`file` set then). */

/** 1-based line and column in one file of the `extends` chain; `file` is set when that is not the scenario's own file. */
export interface SourcePosition {
  readonly file?: string;
  readonly line: number;
  readonly col: number;
}

/**
 * A scenario's input before validation: its YAML mapping with `extends`
 * followed, and where each field of it is written.
 */
export interface ScenarioInput {
  /** The scenario's own file, as named in messages. */
  readonly file: string;
  /** The merged mapping (after `extends`, without it; before defaults). Not to be mutated. */
  readonly raw: Record<string, unknown>;
  /**
   * The problem with the line and column of its field (or of its nearest
   * written parent) in the file of the chain that defines it: the scenario's
   * own file if it sets the field, else the file it extends, and so on.
   */
  readonly locate: (problem: Problem) => Problem;
  /** Where the field at exactly these keys is written (its key), undefined when no file of the chain writes it. */
  readonly position: (keys: readonly PathKey[]) => SourcePosition | undefined;
}

/** Read, parse and validate a scenario file; throws ScenarioError listing every problem. */
export function loadScenario(file: string): Scenario {
  const input = readScenarioInput(file);
  return validateScenario(input.raw, file, input.locate);
}

/**
 * Parse and validate scenario text: YAML → `extends` → schema (defaults
 * filled) → semantic checks (presets, compositions). The input is never mutated.
 */
export function parseScenario(text: string, file: string): Scenario {
  const input = readScenarioInput(file, text);
  return validateScenario(input.raw, file, input.locate);
}

/**
 * Read a scenario (its text, or the file) and follow its `extends` chain;
 * `file` names it in messages and resolves `extends`. Throws ScenarioError
 * for unreadable files, YAML syntax, a non-mapping top level, a bad
 * `extends` or a cycle — in the file where it occurs.
 */
export function readScenarioInput(file: string, text?: string): ScenarioInput {
  const sources: SourceFile[] = [];
  const raw = readChain(parseYaml(text ?? readText(file, [file]), file), file, [resolvePath(file)], sources);
  const position = (keys: readonly PathKey[]): SourcePosition | undefined => {
    const { source, depth } = ownerOf(sources, keys);
    const offset = depth === keys.length ? offsetIn(source.doc, keys) : undefined;
    if (offset === undefined) return undefined;
    const at = source.lineCounter.linePos(offset);
    return source.file === file ? at : { file: source.file, ...at };
  };
  const locate = (problem: Problem): Problem => {
    if (problem.line !== undefined) return problem;
    const keys = pathKeys(problem.path);
    const { source } = ownerOf(sources, keys);
    const at = locateIn(source, keys, file);
    return at === undefined ? problem : { ...problem, ...at };
  };
  return { file, raw, locate, position };
}

/**
 * Validate a scenario's raw input (see `readScenarioInput`): schema (defaults
 * filled) → semantic checks. Throws ScenarioError with every problem, placed
 * by `locate`. The input is never mutated.
 */
export function validateScenario(raw: Record<string, unknown>, file: string, locate: (problem: Problem) => Problem): Scenario {
  const checked = checkScenario(raw);
  if (!checked.ok) throw new ScenarioError(file, checked.problems.map(locate));
  // files a profile scenario names: resolved against the scenario's folder, and checked now
  const resolved = resolveProfileFiles(checked.scenario, file);
  if (resolved.problems.length > 0) throw new ScenarioError(file, resolved.problems.map(locate));
  return resolved.scenario;
}

/** Validate a raw input without placing the problems: the scenario, or every problem (without positions). */
export function checkScenario(raw: Record<string, unknown>): { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] } {
  const result = ScenarioSchema.safeParse(raw, { reportInput: true });
  const problems: Problem[] = result.success
    ? semanticProblems(result.data)
    : [
        ...result.error.issues.flatMap((issue) => issueProblems(issue, ScenarioSchema, raw)),
        ...rawLinkProblems(
          raw,
          result.error.issues.map((i) => i.path),
          DEFAULT_LINK_PRESET,
        ),
      ];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario: (result as { data: Scenario }).data };
}

/** The largest scenario file read (16 MiB): scenarios are kilobytes; a bigger file is a wrong path. */
export const MAX_SCENARIO_BYTES = 16 * 2 ** 20;

function readText(file: string, chain: readonly string[]): string {
  const via = chain.length > 1 ? ` (extended by ${chain.slice(0, -1).join(' → ')})` : '';
  let bytes: Buffer;
  try {
    // a device or a gigabyte is no scenario: refused before reading, which might never end (/dev/zero); a pipe is
    // read (gradwire validate /dev/stdin < x.yaml)
    const st = statSync(file);
    if (!st.isFile() && !st.isFIFO()) throw new ScenarioError(file, [scenarioMessages.unreadable(`${st.isDirectory() ? 'a directory' : 'not a regular file (a device or socket)'}${via}`)]);
    if (st.size > MAX_SCENARIO_BYTES) throw new ScenarioError(file, [scenarioMessages.unreadable(`${st.size} bytes, more than the ${MAX_SCENARIO_BYTES} a scenario file may have${via}`)]);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError(file, [scenarioMessages.unreadable(`${(e as Error).message}${via}`)]);
  }
  const decoded = utf8Text(bytes);
  if ('notText' in decoded) throw new ScenarioError(file, [scenarioMessages.notUtf8(`${decoded.notText}${via}`)]);
  return decoded.text;
}

interface ParsedText {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly raw: Record<string, unknown>;
}

/** One file of an `extends` chain: its document and its own mapping (without `extends`). */
interface SourceFile extends ParsedText {
  /** As named in messages: the scenario's own file as given, a base by its resolved path. */
  readonly file: string;
  readonly own: Record<string, unknown>;
}

/**
 * YAML text → a mapping, or ScenarioError with the syntax problems and their
 * positions. `quote`: whether messages may show the text's values — only
 * for the user's own scenario, never for a file it points at (`extends`).
 */
function parseYaml(text: string, file: string, quote = true): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return scenarioMessages.yamlSyntax(e.message.split('\n')[0] ?? e.message, pos?.line, pos?.col);
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // the yaml package refuses alias expansion beyond maxAliasCount ("billion laughs"): bad input, not a crash
    if (e instanceof ReferenceError)
      throw new ScenarioError(file, [scenarioMessages.yamlSyntax(`aliases expand beyond ${MAX_ALIAS_COUNT} nodes (a YAML alias bomb?); write the values out or use fewer aliases`)]);
    throw e;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const problem = scenarioMessages.notAMapping(raw);
    throw new ScenarioError(file, [quote ? problem : { ...problem, given: shapeOf(raw) }]);
  }
  return { doc, lineCounter, raw: raw as Record<string, unknown> };
}

/**
 * `extends: other.yaml` (relative to the file): start from that scenario and
 * override its fields — mappings merge key by key, anything else (lists
 * included) replaces. Chains are followed; a cycle is an error naming it.
 * Appends each file of the chain to `sources`, the scenario's own first.
 */
function readChain(parsed: ParsedText, file: string, chain: readonly string[], sources: SourceFile[]): Record<string, unknown> {
  const { extends: base, ...own } = parsed.raw;
  const source: SourceFile = { ...parsed, file, own };
  sources.push(source);
  if (base === undefined) return own;
  if (typeof base !== 'string') {
    const p = checkMessages.extendsNotAPath(base);
    throw new ScenarioError(file, [{ ...p, ...locateIn(source, ['extends'], file) }]);
  }
  const baseFile = resolvePath(dirname(file), base);
  if (chain.includes(baseFile)) {
    const p = scenarioMessages.extendsCycle([...chain, baseFile]);
    throw new ScenarioError(file, [{ ...p, ...locateIn(source, ['extends'], file) }]);
  }
  const next = [...chain, baseFile];
  const parsedBase = parseYaml(readText(baseFile, next), baseFile, false);
  const foreign = Object.keys(parsedBase.raw).filter((k) => !SCENARIO_FIELDS.has(k));
  if (foreign.length > 0) {
    // not a scenario: say so without quoting what the pointed-at file holds
    const p = checkMessages.extendsNotAScenario(baseFile, foreign.length);
    throw new ScenarioError(file, [{ ...p, ...locateIn(source, ['extends'], file) }]);
  }
  const baseRaw = readChain(parsedBase, baseFile, next, sources);
  return deepMerge(baseRaw, own);
}

/** Alias expansions allowed per document (the yaml package's default is 100). */
const MAX_ALIAS_COUNT = 1000;

/** The top-level fields of a scenario (what a file `extends` may hold). */
const SCENARIO_FIELDS = new Set(Object.keys((ScenarioSchema as unknown as { shape: Record<string, unknown> }).shape));

/** What a value is, without its contents (for files the user only points at). */
function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'an empty document';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `text (${value.length} characters), not key: value pairs`;
  return `a ${typeof value}`;
}

const isMapping = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMapping(b) && isMapping(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function semanticProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const devices = Object.keys(DEVICE_PRESETS);
  problems.push(...linkProblems(s));
  const groups = s.network.workerGroups;
  if (groups !== undefined) {
    const total = groups.reduce((n, g) => n + g.count, 0);
    if (total !== s.workers.count) problems.push(scenarioMessages.groupCount(total, s.workers.count));
  }
  if (!(s.workers.device in DEVICE_PRESETS)) {
    problems.push(scenarioMessages.unknownPreset('workers.device', s.workers.device, 'device', devices));
  }
  if (!(s.server.device in DEVICE_PRESETS)) {
    problems.push(scenarioMessages.unknownPreset('server.device', s.server.device, 'device', devices));
  }
  problems.push(...compositionProblems(s), ...sparseProblems(s), ...dataProblems(s), ...profileProblems(s), ...outputProblems(s), ...sweepSizeProblems(s));
  return problems;
}

/** A problem's field path as keys: `schemes[1].uplink` → schemes, 1, uplink. */
function pathKeys(path: string): PathKey[] {
  const keys = fieldKeys(path);
  // a link's set takes dotted paths as keys: `…set.arq.timeoutS` → …, set, "arq.timeoutS"
  const at = keys.findIndex((k, i) => k === 'set' && i > 0 && keys[i + 1] !== undefined && typeof keys[i + 1] === 'string');
  if (at < 0) return keys;
  let end = at + 1;
  while (end < keys.length && typeof keys[end] === 'string') end++;
  return [...keys.slice(0, at + 1), keys.slice(at + 1, end).join('.'), ...keys.slice(end)];
}

/**
 * The file of the chain whose value at `keys` ends up in the merged input,
 * and how many of the keys lead to a value there. Following `deepMerge`: the
 * nearest file (the scenario's own first) that defines a key wins; if its
 * value is a mapping, the next files' mappings there merge under it, until
 * one that is not a mapping (which it replaced).
 */
function ownerOf(sources: readonly SourceFile[], keys: readonly PathKey[]): { source: SourceFile; depth: number } {
  let owners: readonly { source: SourceFile; value: unknown }[] = sources.map((source) => ({ source, value: source.own }));
  let depth = 0;
  for (const key of keys) {
    const defining = owners.flatMap(({ source, value }) => {
      const has = Array.isArray(value) ? typeof key === 'number' && key < value.length : isMapping(value) && Object.hasOwn(value, key);
      return has ? [{ source, value: (value as Record<PathKey, unknown>)[key] }] : [];
    });
    if (defining.length === 0) break;
    let n = 1;
    if (isMapping(defining[0]!.value)) while (n < defining.length && isMapping(defining[n]!.value)) n++;
    owners = defining.slice(0, n);
    depth++;
  }
  return { source: owners[0]!.source, depth };
}

/** The line and column of the field at `path` in one file (or of its nearest parent written there). */
function locateIn(source: SourceFile, path: readonly PathKey[], ownFile: string): SourcePosition | undefined {
  const at = fieldPosition(source.doc, source.lineCounter, path);
  return at === undefined ? undefined : source.file === ownFile ? at : { file: source.file, ...at };
}
