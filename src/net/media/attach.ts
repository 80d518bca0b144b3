import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { LinkPreset } from '../presets/index.js';
import { attachIeee802154 } from './ieee802154.js';
import { attachLteCell } from './lte.js';
import { netErrors } from '../messages.js';

/**
 * Put `members` on the shared medium a preset describes, with `hub` as the
 * coordinator / base station. Returns a reader of the medium's counters
 * (collisions, channel-access failures, RRC promotions, …) for reports.
 */
export function attachShared(network: Network, hub: NetNode, members: readonly NetNode[], preset: LinkPreset): () => Record<string, number> {
  switch (preset.family) {
    case 'lte': {
      const cell = attachLteCell(network, hub, members, preset);
      return () => {
        let promotions = 0;
        for (const ue of members) promotions += cell.rrc(ue.name).promotions;
        return { 'rrc promotions': promotions };
      };
    }
    case 'ieee802154': {
      const medium = attachIeee802154(network, hub, members, preset);
      return () => medium.counters();
    }
    default:
      throw new Error(netErrors.notSharedMedium(preset.name, preset.family));
  }
}
