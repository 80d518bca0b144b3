import type { LinkConfig } from '../presets/types.js';
import { type Seconds, txTimeS } from '../units.js';

/** Time a link's per-message setup holds the sender before a message's first packet: its fixed delay plus its bytes on the wire (s). */
export function linkSetupS(link: Pick<LinkConfig, 'setup' | 'bandwidthBps'>): Seconds {
  return link.setup.timeS + txTimeS(link.setup.bytes, link.bandwidthBps);
}
