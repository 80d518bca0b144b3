import { packetize } from '../framing.js';
import type { LtePreset } from '../presets/lte.js';
import { type Bytes, bytesToBits, txTimeS } from '../units.js';
import type { TransferCost } from './cost-model.js';

/**
 * Exact cost of one upload from an idle UE alone in its cell, as the LTE cell
 * charges it: RRC promotion, then the packet train at min(per-UE rate, cell
 * capacity), then the one-way latency; energy (the UE's; the eNodeB is not
 * metered) is promotion + transfer at α_u·r_u + β + the full tail that the
 * upload leaves behind (Huang et al. 2012 power model).
 */
export function costOfLteUpload(preset: LtePreset, payloadBytes: Bytes): TransferCost {
  const train = packetize(preset.framing, payloadBytes);
  const rateBps = Math.min(preset.uplinkBps, preset.cellUplinkBps);
  const txS = txTimeS(train.totalWireBytes, rateBps);
  const { rrc, powerModel } = preset;
  const transferW = powerModel.alphaUpWPerMbps * (rateBps / 1e6) + powerModel.betaW;
  return {
    bits: bytesToBits(train.totalWireBytes),
    packets: train.wireBytes.length,
    seconds: rrc.promotionS + txS + preset.latencyS,
    joules: rrc.promotionW * rrc.promotionS + transferW * txS + rrc.tailW * rrc.tailS,
  };
}
