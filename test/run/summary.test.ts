import { describe, expect, it } from 'vitest';
import type { Compressor } from '../../src/learn/compress/index.js';
import type { SchemeConfig } from '../../src/scenario/schema.js';
import { describeEncoding, summaryText } from '../../src/run/summary.js';

/** Only what describeEncoding reads of a compressor: its name and its encoding's. */
const compressor = (name: string, encoding: string) => ({ name, encoding: { name: encoding } }) as unknown as Compressor;
const scheme = (s: object) => s as SchemeConfig;

describe('summary.json', () => {
  it('describes a parameter server’s encoding per direction, with error feedback where it is on, and a dense downlink by default', () => {
    const topk = compressor('top-k (k = 8)', 'COO, 32-bit indices');
    const ps = scheme({ kind: 'parameter-server', uplink: { errorFeedback: true }, downlink: { errorFeedback: false } });
    expect(describeEncoding(ps, topk, undefined)).toBe('uplink: top-k (k = 8) priced by COO, 32-bit indices with error feedback; downlink: dense fp32 model');
    expect(describeEncoding(ps, topk, compressor('rand-k', 'bitmap'))).toBe('uplink: top-k (k = 8) priced by COO, 32-bit indices with error feedback; downlink: rand-k priced by bitmap');
  });

  it('describes a serverless scheme by its kind and its one direction', () => {
    expect(describeEncoding(scheme({ kind: 'allgather', uplink: { errorFeedback: false } }), compressor('identity', 'dense fp32'), undefined)).toBe('allgather: identity priced by dense fp32');
  });

  it('is written as two-space indented JSON ending in a newline', () => {
    expect(summaryText({ a: 1, b: [2] } as never)).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}\n');
  });
});
