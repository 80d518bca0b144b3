import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import type { core } from 'zod';
import { LINK_PRESETS, OverrideError, applyOverrides, customizePreset, presetProblems } from '../net/index.js';
import { DEVICE_PRESETS } from '../learn/devices.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { compositionProblems } from './compose.js';
import { ScenarioError, describeGiven, scenarioMessages, type Problem } from './messages.js';

type PathKey = string | number;

/** Read, parse and validate a scenario file; throws ScenarioError listing every problem. */
export function loadScenario(file: string): Scenario {
  return parseScenario(readText(file, [file]), file);
}

function readText(file: string, chain: readonly string[]): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const via = chain.length > 1 ? ` (extended by ${chain.slice(0, -1).join(' → ')})` : '';
    throw new ScenarioError(file, [scenarioMessages.unreadable(`${(e as Error).message}${via}`)]);
  }
}

interface ParsedText {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly raw: Record<string, unknown>;
}

/** YAML text → a mapping, or ScenarioError with the syntax problems and their positions. */
function parseYaml(text: string, file: string): ParsedText {
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
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [scenarioMessages.notAMapping(raw)]);
  }
  return { doc, lineCounter, raw: raw as Record<string, unknown> };
}

/**
 * `extends: other.yaml` (relative to the file): start from that scenario and
 * override its fields — mappings merge key by key, anything else (lists
 * included) replaces. Chains are followed; a cycle is an error naming it.
 */
function applyExtends(parsed: ParsedText, file: string, chain: readonly string[]): Record<string, unknown> {
  const { extends: base, ...own } = parsed.raw;
  if (base === undefined) return own;
  if (typeof base !== 'string') {
    const p: Problem = { path: 'extends', expected: 'the path of another scenario file', given: describeGiven(base) };
    locate(p, parsed.doc, parsed.lineCounter);
    throw new ScenarioError(file, [p]);
  }
  const baseFile = resolvePath(dirname(file), base);
  if (chain.includes(baseFile)) {
    const p = scenarioMessages.extendsCycle([...chain, baseFile]);
    locate(p, parsed.doc, parsed.lineCounter);
    throw new ScenarioError(file, [p]);
  }
  const next = [...chain, baseFile];
  const baseRaw = applyExtends(parseYaml(readText(baseFile, next), baseFile), baseFile, next);
  return deepMerge(baseRaw, own);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isMapping = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
    out[k] = isMapping(b) && isMapping(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * Parse and validate scenario text: YAML → `extends` → schema (defaults
 * filled) → semantic checks (presets, compositions). The input is never mutated.
 */
export function parseScenario(text: string, file: string): Scenario {
  const parsed = parseYaml(text, file);
  const raw = applyExtends(parsed, file, [resolvePath(file)]);
  const { doc, lineCounter } = parsed;
  const result = ScenarioSchema.safeParse(raw, { reportInput: true });
  const problems: Problem[] = result.success
    ? semanticProblems(result.data)
    : result.error.issues.flatMap((issue) => issueProblems(issue, raw));
  if (problems.length > 0) {
    for (const p of problems) locate(p, doc, lineCounter);
    throw new ScenarioError(file, problems);
  }
  return (result as { data: Scenario }).data;
}

function semanticProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const links_ = Object.keys(LINK_PRESETS);
  const devices = Object.keys(DEVICE_PRESETS);
  const links: [string, { preset: string; set: Record<string, unknown> }][] = [
    ['network.workerLink', s.network.workerLink],
    ['network.serverLink', s.network.serverLink],
    ...(s.network.workerGroups ?? []).map((g, i) => [`network.workerGroups[${i}]`, g] as [string, typeof g]),
  ];
  for (const [path, link] of links) {
    const preset = LINK_PRESETS[link.preset];
    if (preset === undefined) {
      problems.push(scenarioMessages.unknownPreset(`${path}.preset`, link.preset, 'link', links_));
      continue;
    }
    for (const [field, value] of Object.entries(link.set)) {
      try {
        applyOverrides(preset, { [field]: value });
      } catch (e) {
        if (!(e instanceof OverrideError)) throw e;
        problems.push(scenarioMessages.badOverride(`${path}.set.${field}`, e, link.preset));
      }
    }
    if (problems.length === 0) {
      for (const problem of presetProblems(customizePreset(preset, link.set))) {
        problems.push(scenarioMessages.inconsistentLink(`${path}.set`, link.preset, problem));
      }
    }
  }
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
  problems.push(...compositionProblems(s));
  return problems;
}

function pathString(path: readonly PathKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PathKey, unknown>)[k] : undefined;
  return v;
}

/** Turn one zod issue into problems in our catalog's terms. */
function issueProblems(issue: core.$ZodIssue, raw: unknown): Problem[] {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  const at = pathString(path);
  const given = describeGiven(valueAt(raw, path));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path, raw);
      return issue.keys.map((key) => scenarioMessages.unknownField(at, key, known));
    }
    case 'invalid_type':
      return [{ path: at, expected: `a ${issue.expected}`, given }];
    case 'too_small':
    case 'too_big': {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = issue.origin === 'array' ? 'a list with length' : issue.origin === 'string' ? 'a text of length' : `a ${issue.origin}`;
      return [{ path: at, expected: `${what} ${op} ${String(bound)}`, given }];
    }
    case 'invalid_value':
      return [{ path: at, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, given }];
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return [{ path: at, expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, given }];
      return [{ path: at, expected: 'one of the allowed forms', given }];
    }
    case 'invalid_format':
      return [{ path: at, expected: issue.message, given }];
    case 'not_multiple_of':
      return [{ path: at, expected: `a multiple of ${String(issue.divisor)}`, given }];
    default:
      return [{ path: at, expected: issue.message, given }];
  }
}

/** Keys the schema accepts at a path (for "did you mean"). */
function knownKeys(path: readonly PathKey[], raw: unknown): string[] {
  let schema: unknown = ScenarioSchema;
  for (const k of path) {
    schema = unwrap(schema);
    const def = (schema as { def?: Record<string, unknown> }).def;
    if (def?.type === 'object') schema = (def.shape as Record<string, unknown>)[k as string];
    else if (def?.type === 'array') schema = def.element;
    else return [];
  }
  schema = unwrap(schema);
  const def = (schema as { def?: Record<string, unknown> }).def;
  if (def?.type === 'object') return Object.keys(def.shape as object);
  if (def?.type === 'union') {
    // discriminated union: the branch the user picked by its `kind`
    const kind = (valueAt(raw, path) as { kind?: unknown } | undefined)?.kind;
    for (const option of def.options as unknown[]) {
      const shape = ((unwrap(option) as { def: { shape?: Record<string, { def: { values?: unknown[] } }> } }).def.shape) ?? {};
      if (shape.kind?.def.values?.includes(kind)) return Object.keys(shape);
    }
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (s?.def && ['default', 'prefault', 'optional', 'nullable', 'pipe'].includes(s.def.type ?? '')) {
    s = (s.def.innerType ?? s.def.in) as typeof s;
  }
  return s;
}

/** Attach the YAML line and column of the field (or of its nearest existing parent). */
function locate(problem: Problem, doc: Document, lineCounter: LineCounter): void {
  if (problem.line !== undefined) return;
  const keys = problem.path.match(/[^.[\]]+/g) ?? [];
  const path: PathKey[] = keys.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = path.length; n >= 0; n--) {
    const parentPath = path.slice(0, Math.max(0, n - 1));
    const last = path[n - 1];
    const parent = n === 0 ? doc.contents : doc.getIn(parentPath, true);
    let offset: number | undefined;
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === last);
      const key = pair?.key as { range?: [number, number, number] } | undefined;
      offset = key?.range?.[0];
    } else if (n > 0) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      offset = node?.range?.[0];
    } else {
      offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
    }
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      problem.line = pos.line;
      problem.col = pos.col;
      return;
    }
  }
}
