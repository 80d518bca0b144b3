import { bytesToBits } from '../../net/units.js';
import * as msg from '../messages.js';
import { qsgdValue, signScaleValue, type CompressedMessage, type DenseMessage, type MessageDraft, type MessageLayout, type SparseMessage, type ValueCode } from '../compress/message.js';
import { sharedRandomIndices } from '../compress/shared-indices.js';
import { BitReader, BitWriter, varintBytes } from './bits.js';
import { COUNT_BITS, INDEX_CODINGS, indexWidth, levelWidth, scalarBits, valueBits, type EncodingOptions, type HeaderCoding, type IndexCoding, type Payload } from './codings.js';
import { checkScalar, describeValue, exactCount, writeValues } from './sections.js';

export { COUNT_BITS, INDEX_CODINGS, SCALAR_BITS, indexWidth, levelWidth, scalarBits, valueBits, type EncodingOptions, type HeaderCoding, type IndexCoding, type Payload } from './codings.js';

/**
 * An encoding: prices a message exactly (`bits`), states how (`describe`),
 * and really writes and reads it (`serialize` / `deserialize`), so that
 * `bits(m) === serialize(m).bits` always.
 *
 * Payload layout, in this order: [k: 32 bits, sparse `count32` only]
 * [fp32 scale or norm, sign-scale / qsgd only] [index section, sparse with
 * sent indices only] [value section: one entry per value]. Fields are
 * written most significant bit first, floats as IEEE-754 bit patterns.
 *
 * Bits, with k values, d = dim, w = ⌈log2 d⌉, v = bits per value:
 *   dense:  scalar + d·v
 *   sparse: header + scalar + index + k·v, index = 32k (raw32), w·k
 *           (packed), d (bitmap), 8·Σ varint bytes (delta-varint), 0 (shared-seed)
 * e.g. packed fp32 is CAT eq. 5's P^S(T) = T(⌈log2 d⌉ + 32), and packed
 * sign-scale is P^SQ(T) = 32 + T⌈log2 d⌉ plus T sign bits (CAT's formula
 * leaves the signs out).
 */
export class Encoding {
  /** Index coding for sent indices. */
  readonly indices: IndexCoding;
  /** Sparse-message header. */
  readonly header: HeaderCoding;
  /** Short name, e.g. `raw32`, `packed+count32`. */
  readonly name: string;

  constructor(options: EncodingOptions = {}) {
    const index = options.indices ?? 'raw32';
    const header = options.header ?? 'none';
    if (!INDEX_CODINGS.includes(index)) throw new RangeError(msg.unknownIndexCoding(String(index), INDEX_CODINGS));
    if (header !== 'none' && header !== 'count32') throw new RangeError(msg.unknownHeaderCoding(String(header)));
    this.indices = index;
    this.header = header;
    this.name = header === 'none' ? index : `${index}+${header}`;
  }

  /** Exact payload bits of `m`. O(1), except O(k) for delta-varint indices. */
  bits(m: MessageDraft): number {
    const code = m.valueCode;
    const fixed = scalarBits(code.kind) + m.values.length * valueBits(code.kind, code.kind === 'qsgd' ? code.s : 1);
    if (m.kind === 'dense') return fixed;
    return this.headerBits() + fixed + this.indexBits(m.dim, m.indices, m.indexing.kind === 'shared-seed');
  }

  /**
   * Payload bits of a message with layout `layout` and k values — for budget
   * tuners' cost functions. Exact for every coding but `delta-varint`, whose
   * size depends on the index set: there it assumes evenly spaced indices
   * (every gap ⌊d/k⌋), an estimate.
   */
  bitsFor(layout: MessageLayout, k: number): number {
    const perValue = valueBits(layout.value, layout.s ?? 1);
    const scalar = scalarBits(layout.value);
    if (layout.kind === 'dense') return scalar + layout.dim * perValue;
    let index = 0;
    if (layout.indexing?.kind !== 'shared-seed') {
      switch (this.indices) {
        case 'raw32':
          index = 32 * k;
          break;
        case 'packed':
          index = indexWidth(layout.dim) * k;
          break;
        case 'bitmap':
          index = layout.dim;
          break;
        case 'delta-varint':
          index = k === 0 ? 0 : 8 * k * varintBytes(Math.max(1, Math.floor(layout.dim / k)));
          break;
      }
    }
    return this.headerBits() + scalar + index + k * perValue;
  }

  /** Human-readable statement of how `m` is encoded and what it costs. */
  describe(m: MessageDraft): string {
    const code = m.valueCode;
    const value = describeValue(code);
    const scalar = code.kind === 'sign-scale' ? '32-bit fp32 scale + ' : code.kind === 'qsgd' ? '32-bit fp32 norm + ' : '';
    const k = m.values.length;
    if (m.kind === 'dense') {
      if (code.kind === 'fp32' || code.kind === 'fp64') return `dense ${code.kind}: ${k}×${valueBits(code.kind)} bits`;
      const label = code.kind === 'qsgd' ? `qsgd(s=${code.s})` : code.kind;
      return `dense ${label}: ${scalar}${k}×(${value})`;
    }
    const header = this.header === 'count32' ? '32-bit count + ' : '';
    const front = `sparse: ${header}${scalar}`;
    if (m.indexing.kind === 'shared-seed') return `${front}${k}×(${value}); indices from the shared seed stream "${m.indexing.stream}" (0 bits)`;
    switch (this.indices) {
      case 'raw32':
        return `${front}${k}×(32-bit index + ${value})`;
      case 'packed':
        return `${front}${k}×(${indexWidth(m.dim)}-bit packed index + ${value})`;
      case 'bitmap':
        return `${front}${m.dim}-bit bitmap + ${k}×(${value})`;
      case 'delta-varint':
        return `${front}${this.indexBits(m.dim, m.indices, false) / 8}-byte delta-varint indices + ${k}×(${value})`;
    }
  }

  /** `m` with its bits and statement under this encoding (a new object sharing m's arrays). */
  price(m: MessageDraft): CompressedMessage {
    const priced = { bits: this.bits(m), encoding: this.describe(m) };
    return m.kind === 'dense' ? ({ ...m, ...priced } as DenseMessage) : ({ ...m, ...priced } as SparseMessage);
  }

  /**
   * Write `m` bit by bit. Checks that the values are what the value code
   * decodes to (sign-scale: ±scale; qsgd: qsgdValue of the levels), so a
   * round trip reproduces them exactly.
   */
  serialize(m: MessageDraft): Payload {
    const total = this.bits(m);
    const w = new BitWriter(total);
    const code = m.valueCode;
    const k = m.values.length;
    if (m.kind === 'sparse' && this.header === 'count32') w.write(k, COUNT_BITS);
    if (code.kind === 'sign-scale') w.writeF32(checkScalar(code.scale, 'scale'));
    if (code.kind === 'qsgd') w.writeF32(checkScalar(code.norm, 'norm'));
    if (m.kind === 'sparse' && m.indexing.kind === 'sent') this.writeIndices(w, m.dim, m.indices);
    writeValues(w, m.values, code);
    if (w.bits !== total) throw new Error(msg.unencodable(this.name, `wrote ${w.bits} bits but priced ${total}`));
    return { bytes: w.bytes, bits: total };
  }

  /**
   * Read a payload written by `serialize` with this encoding, given what the
   * receiver knows out of band (`layout`, e.g. from `layoutOf(message)`).
   * `payload.bits` must be exact for sparse messages without a header; dense
   * and `count32` payloads may also be given as whole bytes (8·bytes.length).
   * Returns the priced message: indices (sent or re-derived from the shared
   * seed), decoded values and value code.
   */
  deserialize(payload: Payload, layout: MessageLayout): CompressedMessage {
    const r = new BitReader(payload.bytes, payload.bits);
    const { dim } = layout;
    const s = layout.s ?? 1;
    if (layout.value === 'qsgd' && !(Number.isInteger(layout.s) && s >= 1)) throw new RangeError(msg.qsgdLevelsInvalid(layout.s ?? NaN));
    const perValue = valueBits(layout.value, s);
    let k = layout.kind === 'dense' ? dim : -1;
    if (layout.kind === 'sparse' && this.header === 'count32') k = r.read(COUNT_BITS);
    const scalar = layout.value === 'sign-scale' || layout.value === 'qsgd' ? r.readF32() : 0;
    let indices: Int32Array | undefined;
    const indexing = layout.indexing ?? { kind: 'sent' as const };
    if (layout.kind === 'sparse') {
      if (indexing.kind === 'shared-seed') {
        if (k < 0) k = exactCount(r.remaining, perValue);
        if (k > dim) throw new RangeError(msg.malformedPayload(`count ${k} exceeds d = ${dim}`));
        indices = sharedRandomIndices(indexing, dim, k);
      } else {
        indices = this.readIndices(r, dim, k, perValue);
        k = indices.length;
      }
    }
    // With k known up front (dense, or a count32 header) up to 7 bits of byte padding may follow.
    const padding = r.remaining - k * perValue;
    const selfDelimiting = layout.kind === 'dense' || this.header === 'count32';
    if (padding < 0 || (padding > 0 && !(selfDelimiting && padding < 8))) {
      throw new RangeError(msg.malformedPayload(`${r.remaining} bits left for ${k} values of ${perValue} bits`));
    }
    const values = new Float32Array(k);
    let valueCode: ValueCode;
    switch (layout.value) {
      case 'fp32':
        for (let j = 0; j < k; j++) values[j] = r.readF32();
        valueCode = { kind: 'fp32' };
        break;
      case 'fp64':
        for (let j = 0; j < k; j++) values[j] = r.readF64();
        valueCode = { kind: 'fp64' };
        break;
      case 'sign-scale':
        for (let j = 0; j < k; j++) values[j] = signScaleValue(scalar, r.read(1) === 1);
        valueCode = { kind: 'sign-scale', scale: scalar };
        break;
      case 'qsgd': {
        const width = levelWidth(s);
        const levels = new Int32Array(k);
        for (let j = 0; j < k; j++) {
          const negative = r.read(1) === 1;
          const magnitude = r.read(width);
          if (magnitude > s) throw new RangeError(msg.malformedPayload(`QSGD level ${magnitude} exceeds s = ${s}`));
          levels[j] = negative ? -magnitude : magnitude;
          values[j] = qsgdValue(scalar, levels[j] as number, s);
        }
        valueCode = { kind: 'qsgd', s, norm: scalar, levels };
        break;
      }
    }
    const draft: MessageDraft = layout.kind === 'dense' ? { kind: 'dense', dim, values, valueCode } : { kind: 'sparse', dim, indices: indices as Int32Array, indexing, values, valueCode };
    return this.price(draft);
  }

  private headerBits(): number {
    return this.header === 'count32' ? COUNT_BITS : 0;
  }

  private indexBits(dim: number, indices: Int32Array, shared: boolean): number {
    if (shared) return 0;
    const k = indices.length;
    switch (this.indices) {
      case 'raw32':
        return 32 * k;
      case 'packed':
        return indexWidth(dim) * k;
      case 'bitmap':
        return dim;
      case 'delta-varint': {
        let bytes = 0;
        let previous = 0;
        for (let j = 0; j < k; j++) {
          const i = indices[j] as number;
          bytes += varintBytes(i - previous);
          previous = i;
        }
        return bytesToBits(bytes);
      }
    }
  }

  private writeIndices(w: BitWriter, dim: number, indices: Int32Array): void {
    const k = indices.length;
    switch (this.indices) {
      case 'raw32':
        for (let j = 0; j < k; j++) w.write(indices[j] as number, 32);
        return;
      case 'packed': {
        const width = indexWidth(dim);
        if (width > 0) for (let j = 0; j < k; j++) w.write(indices[j] as number, width);
        return;
      }
      case 'bitmap': {
        let j = 0;
        for (let i = 0; i < dim; i++) {
          const hit = j < k && indices[j] === i;
          w.write(hit ? 1 : 0, 1);
          if (hit) j++;
        }
        if (j !== k) throw new Error(msg.unencodable(this.name, 'indices are not strictly increasing in [0, d)'));
        return;
      }
      case 'delta-varint': {
        let previous = 0;
        for (let j = 0; j < k; j++) {
          const i = indices[j] as number;
          w.writeVarint(i - previous);
          previous = i;
        }
        return;
      }
    }
  }

  /**
   * Read the index section. `k` is the header count, or −1 when there is no
   * header and k must follow from the bits left (`perValue` bits per value).
   */
  private readIndices(r: BitReader, dim: number, k: number, perValue: number): Int32Array {
    let out: Int32Array;
    switch (this.indices) {
      case 'raw32':
      case 'packed': {
        const width = this.indices === 'raw32' ? 32 : indexWidth(dim);
        const n = k >= 0 ? k : exactCount(r.remaining, width + perValue);
        out = new Int32Array(n);
        for (let j = 0; j < n; j++) out[j] = width === 0 ? 0 : r.read(width);
        break;
      }
      case 'bitmap': {
        const hits: number[] = [];
        for (let i = 0; i < dim; i++) if (r.read(1) === 1) hits.push(i);
        if (k >= 0 && hits.length !== k) throw new RangeError(msg.malformedPayload(`bitmap has ${hits.length} ones but the header says ${k}`));
        out = Int32Array.from(hits);
        break;
      }
      case 'delta-varint': {
        const read: number[] = [];
        let previous = 0;
        // Without a header: the bits left shrink by ≥ 8 + perValue per varint read,
        // so exactly one count n leaves room for exactly n values.
        while (k >= 0 ? read.length < k : r.remaining > read.length * perValue) {
          previous += r.readVarint();
          read.push(previous);
        }
        out = Int32Array.from(read);
        break;
      }
    }
    let previous = -1;
    for (let j = 0; j < out.length; j++) {
      const i = out[j] as number;
      if (i <= previous || i >= dim) throw new RangeError(msg.malformedPayload(`index ${i} at position ${j} is out of range or not increasing`));
      previous = i;
    }
    return out;
  }
}

/** The default encoding: raw 32-bit indices, no header (sparse fp32 = 64 bits per pair). */
export const RAW32 = new Encoding();
