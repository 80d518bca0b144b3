import { z } from 'zod';
import { FIDELITY_CHOICES } from '../net/transport/transport.js';
import { FLOW_PIPELINES } from '../net/transport/flow.js';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, type AttributeCheck, type AttributeDeclaration } from '../net/presets/attributes.js';
import { count } from './schema-fields.js';

/** The network part of the scenario schema: topology, fidelity and links. */

/** Topologies a scenario can build. */
export const TOPOLOGIES = ['parameter-server-star', 'switch', 'ring', 'tree'] as const;
/** Network fidelities (auto picks the fastest exact one). */
export const FIDELITIES = FIDELITY_CHOICES;
/** How flow fidelity pipelines a message over several hops. */
export { FLOW_PIPELINES };

/** The JSON Schema of one framing header (a `framing.headers` item). */
const HEADER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    layer: { type: 'string', description: 'Name of the header (layer and field).' },
    bytes: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, unit: 'B', description: 'Bytes it adds to every packet.' },
    inFrame: { type: 'boolean', description: 'Inside the frame (false: preamble, inter-frame gap).' },
    source: { description: 'Where the size comes from.', type: 'string' },
  },
  required: ['layer', 'bytes', 'inFrame'],
  additionalProperties: false,
};

/** A number check as JSON Schema (bounds as zod writes them: a whole number within the safe integers). */
function numberJsonSchema(c: Extract<AttributeCheck, { kind: 'number' }>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: c.integer ? 'integer' : 'number' };
  if (c.above !== undefined) out.exclusiveMinimum = c.above;
  else if (c.min !== undefined || c.integer) out.minimum = c.min ?? Number.MIN_SAFE_INTEGER;
  if (c.below !== undefined) out.exclusiveMaximum = c.below;
  else if (c.max !== undefined || c.integer) out.maximum = c.max ?? Number.MAX_SAFE_INTEGER;
  return out;
}

/**
 * One declared link attribute as JSON Schema: its check, unit and doc
 * (attributes.ts), the unit and doc at the top (`gradwire explain` reads them
 * there, a nullable field's too). Built by hand, not by z.toJSONSchema: 76 of
 * them at every start would cost milliseconds (a test checks it against zod's).
 */
export function attributeJsonSchema(a: AttributeDeclaration): Record<string, unknown> {
  const c = a.check;
  const doc = { ...(a.unit === null ? {} : { unit: a.unit }), description: a.family ? `${a.doc} (${a.family} presets only)` : a.doc };
  switch (c.kind) {
    case 'number':
      return c.nullable ? { anyOf: [numberJsonSchema(c), { type: 'null' }], ...doc } : { ...numberJsonSchema(c), ...doc };
    case 'enum':
      return { type: 'string', enum: [...c.values], description: doc.description };
    case 'boolean':
      return { type: 'boolean', description: doc.description };
    case 'text':
      return { type: 'string', description: doc.description };
    case 'numbers':
      return { type: 'array', items: c.above === undefined ? { type: 'number' } : { type: 'number', exclusiveMinimum: c.above }, ...doc };
    case 'headers':
      return { type: 'array', items: HEADER_JSON_SCHEMA, ...doc };
  }
}

/** The preset of a link that names none. */
export const DEFAULT_LINK_PRESET = 'ethernet-1g-udp';

/**
 * One declared attribute as `set:` parses it: any value, with the declared
 * check shown in the JSON Schema (editors, `gradwire explain`). resolveLink
 * (links.ts) checks the value as `--set` does, by applyOverrides, so the two
 * refuse a value in the same words.
 */
function attributeSchema(a: AttributeDeclaration): z.ZodType {
  return z.unknown().meta(attributeJsonSchema(a));
}

/**
 * `set:` of a link: every declared attribute, by its dotted path, optional.
 * Other keys pass the schema too and are refused by resolveLink in the words
 * of `--set` (a whole group, e.g. `framing`, too: `--set` alone takes one);
 * the JSON Schema lists the declared paths only.
 */
export const LinkSetSchema = z
  .looseObject(Object.fromEntries(LINK_ATTRIBUTE_NAMES.map((name) => [name, attributeSchema(LINK_ATTRIBUTES[name]).optional()])))
  // one definition in the JSON Schema ($defs), referenced by every link
  .meta({ id: 'LinkSet', additionalProperties: false });

/** Link parameters: a preset, with any of its fields overridden by dotted path. */
const LinkSchema = z
  .strictObject({
    preset: z.string().default(DEFAULT_LINK_PRESET).describe('Link preset name (see `gradwire presets`).'),
    set: LinkSetSchema.default({}).describe('Preset fields to override, by dotted path, e.g. `bandwidthBps: 1e8` or `arq.packetErrorRate: 0.01` (see `gradwire presets --describe NAME`).'),
  })
  .describe('A link: preset plus overrides.');

const WorkerGroupSchema = LinkSchema.extend({
  count: count('Workers in this group (groups are assigned to workers in order).'),
}).describe('A group of workers sharing one link configuration.');

export const NetworkSchema = z
  .strictObject({
    topology: z
      .enum(TOPOLOGIES)
      .default('parameter-server-star')
      .describe(
        'Topology: star (workers and server on one switch, the server link the bottleneck); switch (non-blocking, server attached); ring (workers only); tree (workers → edge switches → core → server).',
      ),
    treeGroupSize: count('Tree only: workers per edge switch.').default(4),
    fidelity: z.enum(FIDELITIES).default('auto').describe('Network fidelity: auto picks the fastest that is exact for the links present (message on lossless FIFO links, else packet).'),
    flow: z
      .strictObject({
        pipeline: z
          .enum(FLOW_PIPELINES)
          .default('packet')
          .describe(
            'Flow fidelity only: packet (a message pays one packet’s store-and-forward per extra hop) or fluid (latency, then the max-min drain, no tail: SimGrid’s CM02 with cross-traffic off).',
          ),
      })
      .prefault({})
      .describe('Flow fidelity options.'),
    workerLink: LinkSchema.prefault({}).describe('Each worker’s link to the switch (unless workerGroups is given).'),
    workerGroups: z.array(WorkerGroupSchema).optional().describe('Heterogeneous workers: groups of workers with their own links; the counts must add up to workers.count.'),
    serverLink: LinkSchema.prefault({}).describe('The server’s link to the switch (its rate is the server NIC capacity).'),
  })
  .describe('The network.');
