import { ETHERNET_PRESETS, type EthernetPreset } from './ethernet.js';
import { LTE_PRESETS, type LtePreset } from './lte.js';
import { IEEE802154_PRESETS, type Ieee802154Preset } from './ieee802154.js';

/** Any link preset; families are told apart by `family`. */
export type LinkPreset = EthernetPreset | Ieee802154Preset | LtePreset;

/** Link presets by name. */
export const LINK_PRESETS: Readonly<Record<string, LinkPreset>> = Object.fromEntries([...ETHERNET_PRESETS, ...IEEE802154_PRESETS, ...LTE_PRESETS].map((p) => [p.name, p]));

/** Names of all link presets. */
export function linkPresetNames(): string[] {
  return Object.keys(LINK_PRESETS);
}

export type { AckConfig, BasePreset, Duplex, LinkConfig, LinkFamily, SetupCost, ArqConfig, QueueConfig, RadioPolicy } from './types.js';
export { DUPLEX_MODES, LINK_FAMILIES, NO_ACK, NO_ARQ, NO_SETUP, RADIO_POLICIES, UNBOUNDED_QUEUE } from './types.js';
export {
  LINK_ATTRIBUTES,
  LINK_ATTRIBUTE_NAMES,
  attributeProblems,
  expectedValue,
  linkAttribute,
  type AttributeCheck,
  type AttributeDeclaration,
  type LinkAttribute,
  type PresetSources,
  type SourceKey,
} from './attributes.js';
export type { EthernetPreset } from './ethernet.js';
export type { Ieee802154Preset } from './ieee802154.js';
export { ltePowerProfile, type LtePreset, type LteRrcConfig, type LtePowerModel } from './lte.js';
export { describePreset, unitOf, type PresetField } from './describe.js';
export { applyOverrides, OverrideError } from './override.js';
export { customizePreset, presetProblems } from './customize.js';
