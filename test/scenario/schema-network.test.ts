import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, type AttributeDeclaration } from '../../src/net/presets/attributes.js';
import { attributeJsonSchema } from '../../src/scenario/schema-network.js';

/** The declaration as a zod schema, as schema-network.ts built it before (z.toJSONSchema of it at every start). */
function zodSchema(a: AttributeDeclaration): z.ZodType {
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
      return n.meta(meta).describe(doc);
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

describe('a declared link attribute as JSON Schema, built without zod', () => {
  it('is what z.toJSONSchema makes of the declaration, key order included; a nullable one with its unit and doc at the top', () => {
    for (const name of LINK_ATTRIBUTE_NAMES) {
      const a: AttributeDeclaration = LINK_ATTRIBUTES[name];
      const json = z.toJSONSchema(zodSchema(a), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      delete json.$schema;
      const { unit, description, ...check } = json;
      const expected = a.check.kind === 'number' && a.check.nullable ? { anyOf: [check, { type: 'null' }], ...(unit === undefined ? {} : { unit }), description } : json;
      expect(JSON.stringify(attributeJsonSchema(a)), name).toBe(JSON.stringify(expected));
    }
  });

  it('writes a nullable whole number with its bounds inside, unit and doc outside', () => {
    expect(attributeJsonSchema(LINK_ATTRIBUTES['queue.capacityPackets'])).toEqual({
      anyOf: [{ type: 'integer', minimum: 0, maximum: 9007199254740991 }, { type: 'null' }],
      unit: 'packets',
      description: 'Packets the sender’s FIFO queue holds at most (null: unbounded).',
    });
  });
});
