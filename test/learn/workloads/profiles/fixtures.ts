/** Looking up a profile and its layers by name in one profile module's list. */
import type { LayerProfile, WorkloadProfile } from '../../../../src/learn/workloads/profile.js';

export interface ProfileLookup {
  readonly profile: (name: string) => WorkloadProfile;
  /** Layer names in order. */
  readonly names: (name: string) => string[];
  readonly layer: (name: string, layerName: string) => LayerProfile;
}

export function lookup(list: readonly WorkloadProfile[]): ProfileLookup {
  const profile = (name: string): WorkloadProfile => {
    const p = list.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no profile ${name}`);
    return p;
  };
  return {
    profile,
    names: (name) => profile(name).layers.map((l) => l.name),
    layer: (name, layerName) => {
      const l = profile(name).layers.find((x) => x.name === layerName);
      if (l === undefined) throw new Error(`no layer ${layerName} in ${name}`);
      return l;
    },
  };
}
