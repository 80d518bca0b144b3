import { packetize } from '../framing.js';
import { ieee802154Timing } from '../media/ieee802154-timing.js';
import { uncontendedExchangeS } from '../media/ieee802154.js';
import { powerOf } from '../power.js';
import type { Ieee802154Preset } from '../presets/ieee802154.js';
import { type Bytes, bytesToBits, txTimeS } from '../units.js';
import type { TransferCost } from './cost-model.js';
import { netErrors } from '../messages.js';

/**
 * Expected cost of one message from a lone sender to the coordinator on an
 * idle IEEE 802.15.4 channel (the backoff is random, so this is the mean over
 * backoff draws): each frame costs backoff + CCA + turnaround + frame +
 * turnaround + ACK, frames are separated by SIFS or LIFS after each ACK, and
 * the message is delivered when its last frame has been received. Energy is
 * the sender's and the coordinator's until the last ACK, with the radio
 * always on (listen as background; the default of both presets).
 */
export function costOfIeee802154(preset: Ieee802154Preset, payloadBytes: Bytes): TransferCost {
  if (preset.power.background !== 'listen') {
    throw new Error(netErrors.ieee802154NotAlwaysOn(preset.name, preset.radioPolicy));
  }
  const t = ieee802154Timing(preset);
  const train = packetize(preset.framing, payloadBytes);
  let untilLastAckS = 0;
  let senderTxS = 0;
  train.wireBytes.forEach((wire, k) => {
    untilLastAckS += uncontendedExchangeS(preset, wire).meanS;
    senderTxS += txTimeS(wire, preset.bandwidthBps);
    if (k < train.wireBytes.length - 1) {
      const mpdu = wire - t.phyOverheadBytes;
      untilLastAckS += mpdu <= preset.mac.aMaxSIFSFrameSizeBytes ? t.sifsS : t.lifsS;
    }
  });
  const hubTxS = train.wireBytes.length * t.ackAirS;
  const p = preset.power;
  const listen = powerOf(p, 'listen');
  // rx draws the listen current on CC2420-class radios, so only transmissions add to the background
  const node = (txS: number, rxS: number) => listen * untilLastAckS + (powerOf(p, 'tx') - listen) * txS + (powerOf(p, 'rx') - listen) * rxS;
  return {
    bits: bytesToBits(train.totalWireBytes),
    packets: train.wireBytes.length,
    seconds: untilLastAckS - t.turnaroundS - t.ackAirS - t.propagationS,
    joules: node(senderTxS, hubTxS) + node(hubTxS, senderTxS),
  };
}
