import type { WorkloadProfile } from '../profile.js';
import { LSTM_PROFILES } from './lstm.js';
import { RESNET_PROFILES } from './resnet.js';
import { TRANSFORMER_PROFILES } from './transformer.js';
import { VGG_PROFILES } from './vgg.js';

export { DEFAULT_BACKWARD_FACTOR, profileDim, profileFlopsPerSample, type LayerProfile, type WorkloadProfile } from '../profile.js';
export { ProfileError, parseProfile } from './table.js';
export { formatProfileProblem, type ProfileProblem } from './messages.js';

/**
 * The bundled workload profiles, by name, each built from its architecture
 * and citing its paper: resnet20, resnet18, resnet50, vgg16 (CIFAR-10, as
 * the gTop-k papers), vgg16-imagenet, lstm-ptb, bert-base, gpt2-small,
 * gpt2-xl, gpt3-1.3b.
 */
export const BUNDLED_PROFILES: Readonly<Record<string, WorkloadProfile>> = Object.fromEntries([...RESNET_PROFILES, ...VGG_PROFILES, ...LSTM_PROFILES, ...TRANSFORMER_PROFILES].map((p) => [p.name, p]));

/** Names of the bundled profiles, CNNs first, then sequence models by size. */
export const PROFILE_NAMES: readonly string[] = Object.keys(BUNDLED_PROFILES);
