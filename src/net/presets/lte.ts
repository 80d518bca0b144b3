import type { Framing, HeaderField } from '../framing.js';
import type { PowerProfile } from '../power.js';
import type { BitsPerSecond, Seconds, Watts } from '../units.js';
import { NO_ARQ, NO_SETUP, UNBOUNDED_QUEUE, type BasePreset } from './types.js';

/**
 * The RRC state machine of an LTE UE (Huang et al., MobiSys 2012):
 * RRC_IDLE → promotion → RRC_CONNECTED; after the last transfer the UE stays
 * connected for a tail (the inactivity timer and DRX cycles) before it drops
 * back to RRC_IDLE. Data during the tail restarts the tail without a promotion.
 */
export interface LteRrcConfig {
  /** IDLE → CONNECTED promotion delay (s). */
  readonly promotionS: Seconds;
  /** Average UE power during a promotion (W). */
  readonly promotionW: Watts;
  /** Time from the last activity until the UE drops to RRC_IDLE (s). */
  readonly tailS: Seconds;
  /** Average UE power during the tail (W). */
  readonly tailW: Watts;
  /** Average UE power in RRC_IDLE, paging cycles included (W). */
  readonly idleW: Watts;
}

/**
 * Power of a UE in RRC_CONNECTED while data moves (Huang et al., LTE power model):
 * P = α_u·r_u + α_d·r_d + β, with r_u and r_d the UE's current uplink and
 * downlink rates in Mbit/s.
 */
export interface LtePowerModel {
  /** α_u: W per Mbit/s of uplink rate. */
  readonly alphaUpWPerMbps: number;
  /** α_d: W per Mbit/s of downlink rate. */
  readonly alphaDownWPerMbps: number;
  /** β: rate-independent power while transferring (W). */
  readonly betaW: Watts;
}

/**
 * An LTE preset: UEs attached to one eNodeB cell. Per-UE rates are what one
 * UE gets alone; the cell capacities are shared by the UEs transferring at
 * once (see `attachLteCell`). `bandwidthBps` mirrors `uplinkBps` and
 * `latencyS` is the one-way UE↔server latency.
 */
export interface LtePreset extends BasePreset {
  readonly family: 'lte';
  readonly medium: 'shared';
  /** Rate one UE gets alone on the uplink (bit/s). */
  readonly uplinkBps: BitsPerSecond;
  /** Rate one UE gets alone on the downlink (bit/s). */
  readonly downlinkBps: BitsPerSecond;
  /** Uplink capacity of the cell, shared by the UEs sending at once (bit/s). */
  readonly cellUplinkBps: BitsPerSecond;
  /** Downlink capacity of the cell, shared by the UEs receiving at once (bit/s). */
  readonly cellDownlinkBps: BitsPerSecond;
  readonly rrc: LteRrcConfig;
  readonly powerModel: LtePowerModel;
}

const HUANG = 'Huang, Qian, Gerber, Mao, Sen, Spatscheck, "A Close Examination of Performance and Power Characteristics of 4G LTE Networks", ACM MobiSys 2012';
const ARO =
  "AT&T Application Resource Optimizer (ARO), LTE device profile (ARODataAnalyzer/src/lte.conf and ProfileLTE defaults, github.com/attdevsupport/ARO), AT&T Labs' encoding of the Huang et al. LTE model";

// 3GPP LTE user-plane headers per IP packet (uplink and downlink alike).
const PDCP: HeaderField = { layer: 'PDCP header', bytes: 2, inFrame: true, source: '3GPP TS 36.323 §6.2.3 (PDCP data PDU, 12-bit SN: 2 B)' };
const RLC: HeaderField = { layer: 'RLC AM header', bytes: 2, inFrame: true, source: '3GPP TS 36.322 §6.2.1.4 (AMD PDU fixed header, 10-bit SN, unsegmented: 2 B)' };
const MAC: HeaderField = { layer: 'MAC subheader', bytes: 3, inFrame: true, source: '3GPP TS 36.321 §6.1.2 (R/R/E/LCID + F + 15-bit L for an SDU > 127 B: 3 B)' };
const IPV4: HeaderField = { layer: 'IPv4 header', bytes: 20, inFrame: true, source: 'RFC 791 §3.1 (no options)' };
const UDP: HeaderField = { layer: 'UDP header', bytes: 8, inFrame: true, source: 'RFC 768' };

const MTU = 1500; // IP MTU of the default EPS bearer as most operators configure it (see sources)

const LTE_FRAMING: Framing = {
  maxPayloadBytes: MTU - IPV4.bytes - UDP.bytes,
  minFrameBytes: 0,
  headers: [PDCP, RLC, MAC, IPV4, UDP],
};

/**
 * The UE power profile implied by an LTE preset's fields: background `idle`
 * at `rrc.idleW`; `promotion` and `tail` at their RRC powers; `tx` and `rx`
 * at the power model's value for one UE alone at the full uplink (downlink)
 * rate. The cell charges the rate-dependent power itself, so `tx`/`rx` here
 * are nominal (for reports); rebuild the profile after overriding fields.
 */
export function ltePowerProfile(p: Pick<LtePreset, 'rrc' | 'powerModel' | 'uplinkBps' | 'downlinkBps'>): PowerProfile {
  const m = p.powerModel;
  return {
    watts: {
      idle: p.rrc.idleW,
      promotion: p.rrc.promotionW,
      tail: p.rrc.tailW,
      tx: m.alphaUpWPerMbps * (p.uplinkBps / 1e6) + m.betaW,
      rx: m.alphaDownWPerMbps * (p.downlinkBps / 1e6) + m.betaW,
    },
    background: 'idle',
    source: `${HUANG}, LTE power model; see the preset's rrc.* and powerModel.* sources`,
  };
}

// Per-UE throughput and latency measured by 4GTest (Huang et al.).
const UPLINK_BPS = 5.64e6;
const DOWNLINK_BPS = 12.74e6;
const RTT_S = 0.07;

// ARO's idle paging cycle: a 43 ms wake-up at 0.594 W every 1.28 s, 0 W between.
const IDLE_PING_W = 0.594;
const IDLE_PING_S = 0.043;
const IDLE_PING_PERIOD_S = 1.28;

// Assumed cell: 10 MHz FDD, half the 20 MHz peak rates of 3GPP UE categories 3/4.
const CAT3_UL_20MHZ_BPS = 51.024e6;
const CAT4_DL_20MHZ_BPS = 150.752e6;

const rrc: LteRrcConfig = {
  promotionS: 0.26,
  promotionW: 1.21,
  tailS: 11.6,
  tailW: 1.06,
  idleW: (IDLE_PING_W * IDLE_PING_S) / IDLE_PING_PERIOD_S,
};

const powerModel: LtePowerModel = { alphaUpWPerMbps: 0.43839, alphaDownWPerMbps: 0.05197, betaW: 1.28804 };

const lte: LtePreset = {
  name: 'lte',
  description: 'LTE (4G) UE in a shared 10 MHz FDD cell, UDP/IPv4, RRC promotion and tail (Huang et al., MobiSys 2012)',
  family: 'lte',
  medium: 'shared',
  uplinkBps: UPLINK_BPS,
  downlinkBps: DOWNLINK_BPS,
  cellUplinkBps: CAT3_UL_20MHZ_BPS / 2,
  cellDownlinkBps: CAT4_DL_20MHZ_BPS / 2,
  bandwidthBps: UPLINK_BPS,
  latencyS: RTT_S / 2,
  framing: LTE_FRAMING,
  setup: NO_SETUP,
  arq: NO_ARQ,
  queue: UNBOUNDED_QUEUE,
  rrc,
  powerModel,
  power: ltePowerProfile({ rrc, powerModel, uplinkBps: UPLINK_BPS, downlinkBps: DOWNLINK_BPS }),
  radioPolicy: 'off-between-transfers',
  sources: {
    uplinkBps: `${HUANG}, 4GTest results (>3000 users): LTE uplink throughput 5.64 Mbit/s. The abstract (checked) gives the median as "6 Mbps"; the precise 5.64 is quoted from the project brief and was not re-read in the paper text`,
    downlinkBps: `${HUANG}, 4GTest results: LTE downlink throughput 12.74 Mbit/s. The abstract (checked) gives the median as "13 Mbps"; the precise 12.74 is quoted from the project brief and was not re-read in the paper text`,
    cellUplinkBps:
      'ASSUMED: a 10 MHz FDD cell, taken as half the 20 MHz uplink peak of a UE category 3 (51.024 Mbit/s, 3GPP TS 36.306 Table 4.1-2) = 25.512 Mbit/s. A peak, so an upper bound: a loaded cell loses PUCCH/SRS resources and scheduler efficiency',
    cellDownlinkBps:
      'ASSUMED: a 10 MHz FDD cell with 2×2 MIMO, taken as half the 20 MHz downlink peak of a UE category 4 (150.752 Mbit/s, 3GPP TS 36.306 Table 4.1-1) = 75.376 Mbit/s; an upper bound as for the uplink',
    bandwidthBps: 'equals uplinkBps (the rate a UE clocks its own bits out at when alone in the cell)',
    latencyS: `half the LTE round-trip time of ≈ 70 ms measured by 4GTest (${HUANG}), assumed symmetric; 70 ms as quoted in the project brief, not re-read from the paper text. Covers air interface, core network and Internet path to the test server`,
    'framing.maxPayloadBytes': `IP MTU 1500 − IPv4 20 − UDP 8. Operators commonly give the default bearer a 1500 B MTU; 3GPP TS 23.401 Annex C recommends 1358 B to avoid fragmentation inside GTP-U tunnels — override to 1330 to model that`,
    'framing.minFrameBytes': 'no padding to a minimum frame: MAC fills transport blocks with other data or padding that is not per packet',
    'framing.headers':
      'per-packet PDCP + RLC + MAC + IPv4 + UDP headers. The measured rates are throughputs above TCP, i.e. already net of all LTE overhead, so charging these 35 B per packet against them is conservative (≈ 2.4 % for full packets). TB CRC, reference signals and control channels are inside the measured rates',
    setup: 'no per-message setup: the RRC promotion (rrc.promotionS) is the connection setup and is modelled by the cell',
    arq: 'HARQ (MAC) and RLC AM retransmissions are abstracted into the measured rates and latency; no packet loss is modelled',
    queue: 'unbounded transmit queue at the UE (uplink) and at the eNodeB per UE (downlink)',
    'rrc.promotionS': `${HUANG}, LTE power-model parameter table (LTE promotion delay ≈ 260 ms); rounded value 0.26 s confirmed in ${ARO} (T_PROMOTION=0.26). The paper's exact 260.1 ms was not confirmed`,
    'rrc.promotionW': `${HUANG}, LTE power-model parameter table (LTE promotion power ≈ 1210 mW); rounded 1.21 W confirmed in ${ARO} (P_PROMOTION=1.21); the paper's exact 1210.7 mW was not confirmed`,
    'rrc.tailS': `${HUANG}, LTE power-model parameter table (LTE tail timer T_tail ≈ 11.6 s; 11576 ms as quoted in the project brief, not confirmed). NOTE: ${ARO} sums to a shorter tail, 10.12 s (100 ms inactivity timer + 20 ms short DRX + 10 s long DRX); override rrc.tailS to 10.12 for that`,
    'rrc.tailW': `${HUANG}, LTE power-model parameter table (LTE tail base power ≈ 1060 mW); 1.06 W confirmed in ${ARO} (P_TAIL=1.06, "average power during tail (baseline)"). DRX on-durations during the tail (1.68 W for 1 ms every 40 ms in ARO) would add ≈ 15 mW; not modelled`,
    'rrc.idleW': `RRC_IDLE average from ${ARO}: a paging wake-up of 43 ms at 0.594 W every 1.28 s (T_IDLE_PING, P_IDLE_PING, T_IDLE_PING_PERIOD) and 0 W otherwise (P_IDLE=0.0): 0.594·0.043/1.28 ≈ 19.95 mW. (The ≈ 11.4 mW in the project brief is, as far as we recall, the paper's screen-off device base power, not the radio's idle draw; not confirmed and not used)`,
    'powerModel.alphaUpWPerMbps': `${HUANG}, LTE power model, α_u = 438.39 mW/Mbit/s; confirmed in ${ARO} (LTE_ALPHA_UP=438.39 mW/Mbps)`,
    'powerModel.alphaDownWPerMbps': `${HUANG}, LTE power model, α_d = 51.97 mW/Mbit/s; confirmed in ${ARO} (LTE_ALPHA_DOWN=51.97 mW/Mbps)`,
    'powerModel.betaW': `${HUANG}, LTE power model, β = 1288.04 mW as quoted in the project brief; not confirmed from the paper text (${ARO} rounds it to LTE_BETA=1.2 W)`,
    power: 'derived from rrc.* and powerModel.* by ltePowerProfile(): background idle = rrc.idleW; tx/rx nominal = α·(full per-UE rate) + β',
    radioPolicy: 'the RRC state machine decides: the radio is on during promotion, transfers and the tail, in RRC_IDLE otherwise',
  },
};

/** LTE presets: `lte` (Huang et al. 2012 measurements in an assumed 10 MHz FDD cell). */
export const LTE_PRESETS: readonly LtePreset[] = [lte];
