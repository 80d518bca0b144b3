import type { WorkloadProfile } from '../profile.js';
import { CNN_PROFILES } from './cnn.js';
import { SEQUENCE_PROFILES } from './sequence.js';

export { parseProfile, profileDim, profileFlopsPerSample, ProfileError, type LayerProfile, type WorkloadProfile } from '../profile.js';

/** The bundled workload profiles, by name (each cites the paper its architecture comes from). */
export const BUNDLED_PROFILES: Readonly<Record<string, WorkloadProfile>> = Object.fromEntries([...CNN_PROFILES, ...SEQUENCE_PROFILES].map((p) => [p.name, p]));

/** Names of the bundled profiles. */
export const PROFILE_NAMES: readonly string[] = Object.keys(BUNDLED_PROFILES);
