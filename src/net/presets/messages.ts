import { problemLine, unknownFieldText } from '../../text/problem-text.js';
import { choiceWords, listWords } from '../../text/value-words.js';

/**
 * Messages of the link presets: overrides refused (override.ts), declared
 * fields whose values fail their check (attributes.ts), and the checks that
 * tie fields together (customize.ts, ieee802154-checks.ts). A value refused
 * reads the same wherever it comes from — a scenario's `set:`, `--set`, or a
 * preset built in code: `field: expected …, given …`, the expectation and the
 * value worded by attributes.ts (expectedValue, givenValue). Fields that do
 * not agree are stated as a finding with its fix, with no expected/given of
 * their own: `--set` and a scenario's `set:` print them whole.
 */
export const presetMessages = {
  /** A value refused, or an override that names no field of the preset. */
  refused: (field: string, expected: string, given: string) => problemLine({ path: field, expected, given }),

  // what an override may name (expected …) and what it named (given …)
  fieldOf: (preset: string, known: readonly string[], at: string) => `a field of the ${preset} preset ${at ? `under ${at}` : 'at the top level'}: ${choiceWords(known)}`,
  leafOf: (preset: string, field: string, expected: string) => `a field of the ${preset} preset (${field} has no fields: it is ${expected})`,
  unknownField: unknownFieldText,
  familyField: (preset: string) => `a field of the ${preset} preset`,
  otherFamily: (path: string, family: string) => `"${path}", a field of ${family} presets only`,
  groupOf: (fields: readonly string[]) => `a group of the fields ${listWords(fields)}`,
  groupWithout: (given: string, missing: readonly string[]) => `${given}, without ${listWords(missing)}`,

  // how a value is given (givenValue): describeValue's words, and a list's first item refused
  givenItem: (given: string, item: number, value: string) => `${given} (item ${item}: ${value})`,

  // fields that must agree (customize.ts)
  ackWireBytes: (every: number, wireBytes: number) => `ack.every ${every} simulates ACKs, but ack.wireBytes ${wireBytes} gives them no whole size ≥ 1 B: set ack.wireBytes (or ack.every 0)`,
};

/** What makes an IEEE 802.15.4 preset inconsistent: fields that must agree, each with the fix (ieee802154-checks.ts). */
export const ieee802154PresetMessages = {
  octetTime: (bandwidthBps: number, octetS: number, symbolsS: number) => `bandwidthBps ${bandwidthBps} gives ${octetS} s per octet, but phy.symbolsPerOctet × phy.symbolS = ${symbolsS} s`,
  headersBelowOverhead: (headers: number, overhead: number) => `framing.headers sum to ${headers} B, less than SHR + PHR + MHR + MFR = ${overhead} B`,
  outOfFrame: (outOfFrame: number, shrPhr: number) => `framing.headers outside the frame (SHR + PHR) sum to ${outOfFrame} B, but phy.shrBytes + phy.phrBytes = ${shrPhr} B`,
  mpduTooLarge: (mpdu: number, max: number) => `a full frame has an MPDU of ${mpdu} B, above aMaxPHYPacketSize ${max} B: lower framing.maxPayloadBytes`,
  minFrameBytes: (minFrameBytes: number) => `framing.minFrameBytes ${minFrameBytes}, but 802.15.4 pads no frame: set it to 0`,
  setup: () => 'setup must be zero: the shared medium has no per-message setup',
  ackWait: (timeoutS: number, waitS: number) => `arq.timeoutS ${timeoutS} differs from mac.macAckWaitDurationSymbols × phy.symbolS = ${waitS}: override both`,
  retries: (maxRetries: number, macMaxFrameRetries: number) => `arq.maxRetries ${maxRetries} differs from mac.macMaxFrameRetries ${macMaxFrameRetries}: override both`,
  ackWaitTooShort: (timeoutS: number, ackS: number) => `the ACK wait ${timeoutS} s ends before an ACK can arrive (${ackS} s after the data frame)`,
  backoffOrder: (minBE: number, maxBE: number) => `mac.macMinBE ${minBE} exceeds mac.macMaxBE ${maxBE}`,
  ccaNeedsSinr: () => "reception.ccaThresholdDbm applies to reception.model 'sinr' only: set it to null, or the model to 'sinr'",
  radioPolicy: (policy: string, wanted: string, background: string) => `radioPolicy '${policy}' needs power.background '${wanted}', not '${background}': override both (or use withRadioPolicy)`,
};
