import { LINK_PRESETS, type LinkSpec } from '../net/index.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * Normalise a validated scenario: fill every link field from its preset so the
 * run directory's scenario.resolved.yaml shows the numbers that ran. Returns a
 * new object; the input is never mutated.
 */
export function resolveScenario(s: Scenario): Scenario {
  const fill = (link: Scenario['network']['workerLink']): Scenario['network']['workerLink'] => {
    const preset = LINK_PRESETS[link.preset]!;
    return {
      preset: link.preset,
      bandwidthBps: link.bandwidthBps ?? preset.bandwidthBps,
      latencyS: link.latencyS ?? preset.latencyS,
    };
  };
  const copy = structuredClone(s);
  copy.network.workerLink = fill(s.network.workerLink);
  copy.network.serverLink = fill(s.network.serverLink);
  return copy;
}

/** The link spec a resolved link configuration describes. */
export function linkSpec(link: Scenario['network']['workerLink']): LinkSpec {
  const preset = LINK_PRESETS[link.preset]!;
  return {
    bandwidthBps: link.bandwidthBps ?? preset.bandwidthBps,
    latencyS: link.latencyS ?? preset.latencyS,
    framing: preset.framing,
  };
}
