/** Encodings: how a compressed message's indices and values become bits — priced exactly, serialized for real. */
export { Encoding, RAW32 } from './encoding.js';
export { INDEX_CODINGS, SCALAR_BITS, COUNT_BITS, indexWidth, levelWidth, valueBits, scalarBits, type IndexCoding, type HeaderCoding, type EncodingOptions, type Payload } from './codings.js';
export { BitReader, BitWriter, varintBytes } from './bits.js';
