import type { LinkPreset } from '../presets/index.js';
import type { Bytes } from '../units.js';
import { costOfPath, type TransferCost } from './cost-model.js';
import { costOfIeee802154 } from './ieee802154-cost.js';
import { costOfLteUpload } from './lte-cost.js';

/**
 * What one uncontended transfer of `payloadBytes` over a preset's link costs —
 * bits, packets, seconds and joules — exactly as the simulator charges it
 * (the mean over backoff draws for the random-access IEEE 802.15.4 MAC).
 * A budget tuner optimising against this optimises the simulated network.
 */
export function costOf(preset: LinkPreset, payloadBytes: Bytes): TransferCost {
  switch (preset.family) {
    case 'ethernet':
      return costOfPath([{ link: preset }], payloadBytes, preset.power, preset.power);
    case 'ieee802154':
      return costOfIeee802154(preset, payloadBytes);
    case 'lte':
      return costOfLteUpload(preset, payloadBytes);
  }
}
