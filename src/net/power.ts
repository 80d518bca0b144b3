import type { Watts } from './units.js';

/** Energy states a node's interface or processor can be in. */
export type EnergyState = 'tx' | 'rx' | 'listen' | 'idle' | 'sleep' | 'promotion' | 'tail' | 'compute';

/**
 * A node interface's power draw per state (W). One state is the *background*:
 * the node is in it whenever no other state is being charged. Energy up to t is
 *   P_bg·t + Σ_s T_s·(P_s − P_bg)  (+ joules charged directly, e.g. LTE's rate-dependent power),
 * which is the exclusive-state radio model when states do not overlap, and the
 * additive model (tx and rx each add to a baseline) when they do (full-duplex NICs).
 */
export interface PowerProfile {
  readonly watts: Readonly<Partial<Record<EnergyState, Watts>>>;
  readonly background: EnergyState;
  readonly source: string;
}

/** Power of `state` in a profile; a state the profile does not list draws the background power. */
export function powerOf(profile: PowerProfile, state: EnergyState): Watts {
  return profile.watts[state] ?? profile.watts[profile.background] ?? 0;
}

/** A profile that draws nothing (e.g. switches, whose energy is not attributed to a role). */
export const UNMETERED: PowerProfile = { watts: { idle: 0 }, background: 'idle', source: 'not metered' };
