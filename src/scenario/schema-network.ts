import { z } from 'zod';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, type AttributeDeclaration } from '../net/presets/attributes.js';
import { count } from './schema-fields.js';

/** The network part of the scenario schema: topology, fidelity and links. */

/** Topologies a scenario can build. */
export const TOPOLOGIES = ['parameter-server-star', 'switch', 'ring', 'tree'] as const;
/** Network fidelities (auto picks the fastest exact one). */
export const FIDELITIES = ['auto', 'packet', 'message', 'flow'] as const;
/** How flow fidelity pipelines a message over several hops. */
export const FLOW_PIPELINES = ['packet', 'fluid'] as const;

/** The zod schema of one declared link attribute: its check, unit and doc (attributes.ts), for the JSON Schema. */
function declaredSchema(a: AttributeDeclaration): z.ZodType {
  const c = a.check;
  const doc = a.family ? `${a.doc} (${a.family} presets only)` : a.doc;
  const meta = a.unit === null ? {} : { unit: a.unit };
  switch (c.kind) {
    case 'number': {
      let n = z.number();
      if (c.integer) n = n.int();
      if (c.min !== undefined) n = n.min(c.min);
      if (c.above !== undefined) n = n.gt(c.above);
      if (c.max !== undefined) n = n.max(c.max);
      if (c.below !== undefined) n = n.lt(c.below);
      const described = n.meta(meta).describe(doc);
      return c.nullable ? described.nullable() : described;
    }
    case 'enum':
      return z.enum(c.values as [string, ...string[]]).describe(doc);
    case 'boolean':
      return z.boolean().describe(doc);
    case 'text':
      return z.string().describe(doc);
    case 'numbers':
      return z
        .array(c.above === undefined ? z.number() : z.number().gt(c.above))
        .meta(meta)
        .describe(doc);
    case 'headers':
      return z
        .array(
          z.strictObject({
            layer: z.string().describe('Name of the header (layer and field).'),
            bytes: z.number().int().nonnegative().meta({ unit: 'B' }).describe('Bytes it adds to every packet.'),
            inFrame: z.boolean().describe('Inside the frame (false: preamble, inter-frame gap).'),
            source: z.string().optional().describe('Where the size comes from.'),
          }),
        )
        .meta(meta)
        .describe(doc);
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
  const json = z.toJSONSchema(declaredSchema(a), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return z.unknown().meta(json);
}

/**
 * `set:` of a link: every declared attribute, by its dotted path, optional.
 * Other keys pass the schema too and are refused by resolveLink in the words
 * of `--set` (which also takes a whole group, e.g. `framing`); the JSON
 * Schema lists the declared paths only.
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
