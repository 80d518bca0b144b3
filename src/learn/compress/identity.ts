import { BaseCompressor, denseFp32, type CompressedMessage } from './compressor.js';

/** No compression: the full vector as dense fp32 (bits = 32·d). The dense baseline. */
export class Identity extends BaseCompressor {
  readonly name = 'identity';

  protected doCompress(g: Float32Array): CompressedMessage {
    return denseFp32(g.slice());
  }
}
