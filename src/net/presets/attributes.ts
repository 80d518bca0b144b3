import type { EnergyState } from '../power.js';
import type { LinkPreset } from './index.js';
import { IEEE802154_ADDRESS_MODES, IEEE802154_RECEPTION_MODELS } from './ieee802154-types.js';
import { presetMessages as msg } from './messages.js';
import { DUPLEX_MODES, RADIO_POLICIES, type LinkFamily } from './types.js';
import { rangeWords, withNullAndUnit } from '../../text/number-words.js';
import { choiceWords, describeValue, typeWords, valueAt } from '../../text/value-words.js';

/**
 * Every link and medium parameter declared once, ns-3 attribute style: name
 * (a dotted path into the preset), unit, check and a one-line doc. The
 * scenario's `set:` schema, `gradwire presets --describe`, `gradwire explain`,
 * the preset source keys and the per-field checks of `presetProblems` all come
 * from this table. Default values and their sources stay with each preset.
 * Zod-free on purpose: `gradwire presets` and `transfer` must not load zod.
 */

/** What values an attribute accepts. Bounds: `min`/`max` inclusive, `above`/`below` exclusive. */
export type AttributeCheck =
  | {
      readonly kind: 'number';
      readonly min?: number;
      readonly above?: number;
      readonly max?: number;
      readonly below?: number;
      readonly integer?: boolean;
      /** null is accepted too (e.g. an unbounded queue). */
      readonly nullable?: boolean;
    }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text' }
  /** A list of numbers, each above `above`. */
  | { readonly kind: 'numbers'; readonly above?: number }
  /** A list of framing headers ({layer, bytes, inFrame, source}). */
  | { readonly kind: 'headers' };

/** One declared parameter. */
export interface AttributeDeclaration {
  /** Unit of a number (or of each number of a list); null for text, choices and flags. */
  readonly unit: string | null;
  readonly doc: string;
  readonly check: AttributeCheck;
  /** The family whose presets alone have it (absent: any family may). */
  readonly family?: LinkFamily;
}

const num = (unit: string, doc: string, bounds: Omit<Extract<AttributeCheck, { kind: 'number' }>, 'kind'> = {}, family?: LinkFamily): AttributeDeclaration => ({
  unit,
  doc,
  check: { kind: 'number', ...bounds },
  ...(family ? { family } : {}),
});
const choice = (values: readonly string[], doc: string, family?: LinkFamily): AttributeDeclaration => ({ unit: null, doc, check: { kind: 'enum', values }, ...(family ? { family } : {}) });
const whole = { integer: true, min: 0 } as const;
const positive = { above: 0 } as const;
const nonNegative = { min: 0 } as const;
const finite = {} as const;

/** Energy states a preset's power profile may list (the link states of EnergyState). */
const POWER_STATES = ['tx', 'rx', 'listen', 'idle', 'sleep', 'promotion', 'tail'] as const satisfies readonly EnergyState[];
const BACKGROUND_STATES = [...POWER_STATES, 'compute'] as const satisfies readonly EnergyState[];

const IEEE = 'ieee802154';
const LTE = 'lte';

/** The declarations, by dotted path. */
export const LINK_ATTRIBUTES = {
  duplex: choice(DUPLEX_MODES, 'Whether the two directions have a capacity each (full) or share one wire (half).'),
  bandwidthBps: num('bit/s', 'Bit rate of one direction (802.15.4: the PHY rate; LTE: mirrors uplinkBps).', positive),
  latencyS: num('s', 'One-way propagation delay.', nonNegative),
  'framing.maxPayloadBytes': num('B', 'Largest payload one packet carries (the MTU less the headers above the link).', { integer: true, min: 1 }),
  'framing.minFrameBytes': num('B', 'Smallest frame on the wire; shorter frames are padded (0: none).', whole),
  'framing.headers': { unit: 'B', doc: 'Per-packet headers, each {layer, bytes, inFrame, source}; inFrame false: on the wire but outside the frame (preamble, gap).', check: { kind: 'headers' } },
  'setup.timeS': num('s', 'Fixed delay before a message’s first packet (connection set-up).', nonNegative),
  'setup.bytes': num('B', 'Extra bytes on the wire before a message’s first packet.', nonNegative),
  'arq.packetErrorRate': num('probability', 'Probability that a packet is lost (then resent after arq.timeoutS).', { min: 0, below: 1 }),
  'arq.timeoutS': num('s', 'Time from the end of a lost packet’s transmission until the sender resends it.', nonNegative),
  'arq.maxRetries': num('count', 'Resends of a lost packet before it, and its message, is dropped.', whole),
  'queue.capacityPackets': num('packets', 'Packets the sender’s FIFO queue holds at most (null: unbounded).', { ...whole, nullable: true }),
  'ack.every': num('packets per ACK', 'Transport ACK every this many packets, and for a message’s last (0: no ACKs simulated).', whole),
  'ack.wireBytes': num('B', 'Bytes one ACK occupies on the wire, every per-frame overhead included.', whole),
  'power.watts.tx': num('W', 'Interface power while transmitting.', nonNegative),
  'power.watts.rx': num('W', 'Interface power while receiving.', nonNegative),
  'power.watts.listen': num('W', 'Radio power while listening with no frame arriving.', nonNegative),
  'power.watts.idle': num('W', 'Interface power when idle (radio off, oscillator on; LTE: RRC_IDLE).', nonNegative),
  'power.watts.sleep': num('W', 'Radio power asleep (power-down).', nonNegative),
  'power.watts.promotion': num('W', 'LTE UE power during an RRC promotion.', nonNegative),
  'power.watts.tail': num('W', 'LTE UE power during the RRC tail.', nonNegative),
  'power.background': choice(BACKGROUND_STATES, 'The energy state the interface is in whenever no other is charged.'),
  radioPolicy: choice(RADIO_POLICIES, 'Whether the radio listens between its own transfers (always-on) or idles (off-between-transfers).'),

  'phy.symbolS': num('s', 'Symbol period of the PHY.', positive, IEEE),
  'phy.symbolsPerOctet': num('symbols per octet', 'phySymbolsPerOctet.', positive, IEEE),
  'phy.shrBytes': num('B', 'Synchronization header (preamble + SFD).', whole, IEEE),
  'phy.phrBytes': num('B', 'PHY header (the frame-length octet).', whole, IEEE),
  'phy.aMaxPHYPacketSizeBytes': num('B', 'aMaxPHYPacketSize: the largest PSDU (MPDU) the PHY carries.', { integer: true, min: 1 }, IEEE),
  'phy.aTurnaroundTimeSymbols': num('symbols', 'aTurnaroundTime: RX→TX and TX→RX turnaround.', nonNegative, IEEE),
  'phy.ccaSymbols': num('symbols', 'aCcaTime: duration of one clear channel assessment.', nonNegative, IEEE),
  'mac.addressing': choice(IEEE802154_ADDRESS_MODES, 'MAC addressing of source and destination: 16-bit short or 64-bit extended.', IEEE),
  'mac.panIdCompression': { unit: null, doc: 'PAN ID Compression: the source PAN ID is elided.', check: { kind: 'boolean' }, family: IEEE },
  'mac.mhrBytes': num('B', 'MAC header bytes implied by the addressing.', whole, IEEE),
  'mac.mfrBytes': num('B', 'MAC footer bytes (FCS).', whole, IEEE),
  'mac.ackMpduBytes': num('B', 'MPDU of an Imm-Ack frame.', whole, IEEE),
  'mac.macMinBE': num('count', 'macMinBE: initial backoff exponent.', whole, IEEE),
  'mac.macMaxBE': num('count', 'macMaxBE: largest backoff exponent.', whole, IEEE),
  'mac.macMaxCSMABackoffs': num('count', 'macMaxCSMABackoffs: busy CCAs tolerated before channel-access failure.', whole, IEEE),
  'mac.aUnitBackoffPeriodSymbols': num('symbols', 'aUnitBackoffPeriod.', { integer: true, min: 1 }, IEEE),
  'mac.macAckWaitDurationSymbols': num('symbols', 'macAckWaitDuration, from the end of the data frame (arq.timeoutS mirrors it).', nonNegative, IEEE),
  'mac.macMaxFrameRetries': num('count', 'macMaxFrameRetries: retransmissions after a missing ACK (arq.maxRetries mirrors it).', whole, IEEE),
  'mac.aMaxSIFSFrameSizeBytes': num('B', 'aMaxSIFSFrameSize: MPDUs up to this size get a SIFS, longer ones a LIFS.', whole, IEEE),
  'mac.macSIFSPeriodSymbols': num('symbols', 'macSifsPeriod.', nonNegative, IEEE),
  'mac.macLIFSPeriodSymbols': num('symbols', 'macLifsPeriod.', nonNegative, IEEE),
  'mac.upperLayerRetries': num('count', 'Resubmissions by the layer above of a frame the MAC gave up on (0: dropped, as ns-3).', whole, IEEE),
  'radio.chip': { unit: null, doc: 'The radio chip the currents are from.', check: { kind: 'text' }, family: IEEE },
  'radio.supplyV': num('V', 'Supply voltage.', positive, IEEE),
  'radio.txmA': num('mA', 'Supply current transmitting.', nonNegative, IEEE),
  'radio.rxmA': num('mA', 'Supply current receiving a frame.', nonNegative, IEEE),
  'radio.listenmA': num('mA', 'Supply current with the receiver on and no frame.', nonNegative, IEEE),
  'radio.idlemA': num('mA', 'Supply current with the oscillator on and the radio off.', nonNegative, IEEE),
  'radio.sleepmA': num('mA', 'Supply current in power-down.', nonNegative, IEEE),
  'reception.model': choice(IEEE802154_RECEPTION_MODELS, 'sinr: frames survive by their SINR over time (ns-3 lr-wpan); collision: every overlapping frame is lost.', IEEE),
  'reception.txPowerDbm': num('dBm', 'Transmit power of every node.', finite, IEEE),
  'reception.sensitivityDbm': num('dBm', 'Weakest frame a receiver detects.', finite, IEEE),
  'reception.noiseFigureDb': num('dB', 'Receiver noise figure.', finite, IEEE),
  'reception.noiseBandwidthHz': num('Hz', 'Noise bandwidth.', positive, IEEE),
  'reception.lockMinSinrDb': num('dB', 'Lowest SINR at the end of the SHR at which a receiver locks onto a frame.', finite, IEEE),
  'reception.ccaThresholdDbm': num('dBm', 'CCA energy-detection threshold (null: every transmission is sensed).', { nullable: true }, IEEE),
  'reception.referenceDistanceM': num('m', 'Log-distance path loss: reference distance d0.', positive, IEEE),
  'reception.referenceLossDb': num('dB', 'Path loss at d0.', finite, IEEE),
  'reception.pathLossExponent': num('dimensionless', 'Path-loss exponent n: PL(d) = PL(d0) + 10·n·log10(d/d0).', nonNegative, IEEE),
  'reception.distanceM': num('m', 'Distance of every member from the hub, unless reception.distancesM lists it.', positive, IEEE),
  'reception.distancesM': { unit: 'm', doc: 'Distance of member i (joining order) from the hub; members past the end are at reception.distanceM.', check: { kind: 'numbers', above: 0 }, family: IEEE },

  uplinkBps: num('bit/s', 'Uplink rate one UE gets alone.', positive, LTE),
  downlinkBps: num('bit/s', 'Downlink rate one UE gets alone.', positive, LTE),
  cellUplinkBps: num('bit/s', 'Uplink capacity of the cell, shared by the UEs sending at once.', positive, LTE),
  cellDownlinkBps: num('bit/s', 'Downlink capacity of the cell, shared by the UEs receiving at once.', positive, LTE),
  'rrc.promotionS': num('s', 'RRC_IDLE → RRC_CONNECTED promotion delay.', nonNegative, LTE),
  'rrc.promotionW': num('W', 'Average UE power during a promotion.', nonNegative, LTE),
  'rrc.tailS': num('s', 'Time from the last activity until the UE drops to RRC_IDLE.', nonNegative, LTE),
  'rrc.tailW': num('W', 'Average UE power during the tail.', nonNegative, LTE),
  'rrc.idleW': num('W', 'Average UE power in RRC_IDLE, paging included.', nonNegative, LTE),
  'powerModel.alphaUpWPerMbps': num('W per Mbit/s', 'α_u: power per Mbit/s of uplink rate.', nonNegative, LTE),
  'powerModel.alphaDownWPerMbps': num('W per Mbit/s', 'α_d: power per Mbit/s of downlink rate.', nonNegative, LTE),
  'powerModel.betaW': num('W', 'β: rate-independent power while transferring.', nonNegative, LTE),
} as const satisfies Readonly<Record<string, AttributeDeclaration>>;

/** A declared parameter's dotted path. */
export type LinkAttribute = keyof typeof LINK_ATTRIBUTES;

/** The declared paths, in declaration order. */
export const LINK_ATTRIBUTE_NAMES = Object.keys(LINK_ATTRIBUTES) as LinkAttribute[];

/** The groups above a path: `power.watts.tx` → `power` | `power.watts`. */
type Parents<P extends string> = P extends `${infer H}.${infer T}` ? H | `${H}.${Parents<T>}` : never;

/** A key of a preset's `sources`: a declared path, or a group of them (a parent path covers its children). */
export type SourceKey = LinkAttribute | Parents<LinkAttribute>;

/** Sources of a preset's fields; a misspelt key fails to compile. */
export type PresetSources = Readonly<Partial<Record<SourceKey, string>>>;

/** The leaf paths of a preset shape (lists are leaves), for the compile-time check below. */
type Leaves<T, P extends string = ''> = T extends readonly unknown[] | string | number | boolean | null
  ? P
  : { [K in keyof T & string]-?: Leaves<Exclude<T[K], undefined>, P extends '' ? K : `${P}.${K}`> }[keyof T & string];
type PresetLeaf = Exclude<Leaves<LinkPreset>, 'name' | 'description' | 'family' | 'medium' | `sources.${string}` | 'power.source' | 'power.watts.compute'>;
// Every field of every preset is declared, and nothing else is: a new field without a declaration fails to compile.
const declaredExactly: [Exclude<PresetLeaf, LinkAttribute>, Exclude<LinkAttribute, PresetLeaf>] extends [never, never] ? true : false = true;
void declaredExactly;

/** The declaration of a dotted path, if it is declared. */
export function linkAttribute(path: string): AttributeDeclaration | undefined {
  return Object.hasOwn(LINK_ATTRIBUTES, path) ? LINK_ATTRIBUTES[path as LinkAttribute] : undefined;
}

/**
 * What a declaration accepts, as every message says it (a scenario's `set:`,
 * `--set`, presetProblems), with its unit: `a finite number ≥ 0 (s)`, `a whole number
 * ≥ 1 (B)`, `a number in [0, 1) (probability)`, `"full" or "half"`.
 */
export function expectedValue(a: AttributeDeclaration): string {
  const check = a.check;
  let words: string;
  switch (check.kind) {
    case 'number':
      return withNullAndUnit(rangeWords(check), check.nullable === true, a.unit);
    case 'enum':
      words = choiceWords(check.values);
      break;
    case 'boolean':
      words = typeWords('boolean');
      break;
    case 'text':
      words = typeWords('string');
      break;
    case 'numbers':
      words = `a list of finite numbers${check.above !== undefined ? ` > ${check.above}` : ''}`;
      break;
    case 'headers':
      words = 'a list of {layer, bytes, inFrame, source}';
      break;
  }
  return withNullAndUnit(words, false, a.unit);
}

const inRange = (check: Extract<AttributeCheck, { kind: 'number' }>, v: number): boolean =>
  Number.isFinite(v) &&
  (!check.integer || Number.isInteger(v)) &&
  (check.min === undefined || v >= check.min) &&
  (check.above === undefined || v > check.above) &&
  (check.max === undefined || v <= check.max) &&
  (check.below === undefined || v < check.below);

/** Whether a value passes a check. */
export function passes(check: AttributeCheck, v: unknown): boolean {
  switch (check.kind) {
    case 'number':
      return (v === null && check.nullable === true) || (typeof v === 'number' && inRange(check, v));
    case 'enum':
      return typeof v === 'string' && check.values.includes(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'text':
      return typeof v === 'string';
    case 'numbers':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x) && (check.above === undefined || x > check.above));
    case 'headers':
      return (
        Array.isArray(v) &&
        v.every((h) => {
          const x = h as { layer?: unknown; bytes?: unknown; inFrame?: unknown };
          return typeof x.layer === 'string' && typeof x.inFrame === 'boolean' && typeof x.bytes === 'number' && Number.isInteger(x.bytes) && x.bytes >= 0;
        })
      );
  }
}

/** The value at a dotted path of a preset; undefined when the preset has no such field. */
export const valueAtPath = (preset: object, path: string): unknown => valueAt(preset, path.split('.'));

/**
 * A value as every message gives it: describeValue's words, and for a list
 * refused by a list check the first item that fails it, so the user finds it
 * without counting (`[5, -1] (item 2: number -1)`, `a list of 40 (item 31: number 0)`).
 */
export function givenValue(v: unknown, a?: AttributeDeclaration): string {
  const given = describeValue(v);
  if (!Array.isArray(v) || a === undefined || (a.check.kind !== 'numbers' && a.check.kind !== 'headers')) return given;
  const check = a.check;
  const bad = v.findIndex((x) => !passes(check, [x]));
  return bad >= 0 ? msg.givenItem(given, bad + 1, describeValue(v[bad])) : given;
}

/** Every declared attribute the preset has whose value fails its check, refused in the words of `--set` and a scenario's `set:`. */
export function attributeProblems(preset: object): string[] {
  const out: string[] = [];
  for (const name of LINK_ATTRIBUTE_NAMES) {
    const a: AttributeDeclaration = LINK_ATTRIBUTES[name];
    const v = valueAtPath(preset, name);
    if (v === undefined || passes(a.check, v)) continue;
    out.push(msg.refused(name, expectedValue(a), givenValue(v, a)));
  }
  return out;
}
