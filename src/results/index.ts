/**
 * The result files, declared once: their names, the columns of every CSV
 * (name, type, unit, meaning), the records of trace.ndjson, the summary.json
 * and sweep.json schemas, and the one reader of JSON result files. The
 * writers (src/run, src/sweep) and the readers (reports/) import these. A
 * leaf: it imports nothing else of src/.
 */
export * from './columns.js';
export * from './files.js';
export * from './metrics.js';
export * from './read-json.js';
export * from './summary.js';
export * from './sweep.js';
export * from './tables.js';
export * from './trace.js';
