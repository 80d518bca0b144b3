import { bytesToBits } from '../units.js';

/**
 * Bit-error rate of the 2450 MHz O-QPSK PHY (16-ary quasi-orthogonal DSSS,
 * 32 chips per 4-bit symbol) against signal-to-interference-plus-noise ratio,
 * after IEEE Std 802.15.4-2006 Annex E.4.1.7 (Figure E.2, the AWGN curve for
 * non-coherent detection of the 2450 MHz PHY):
 *
 *   BER = (8/15) · (1/16) · Σ_{k=2..16} (−1)^k · C(16, k) · exp(20 · SINR · (1/k − 1))
 *
 * with SINR a linear power ratio over the 2 MHz channel. ns-3's
 * `LrWpanErrorModel::GetChunkSuccessRate` evaluates the same expression, and
 * treats a chunk of n bits as received with probability (1 − BER)^n: bit errors
 * independent, any bit error loses the frame (the FCS fails).
 *
 * Pure functions only (no simulator state), so presets can derive from them.
 */

/** C(16, k) for k = 0..16. */
const BINOMIAL_16: readonly number[] = (() => {
  const c = [1];
  for (let k = 1; k <= 16; k++) c.push((c[k - 1]! * (16 - k + 1)) / k);
  return c;
})();

/** Bit-error rate at a linear SINR (clamped to [0, 1]; the alternating sum loses precision near 0, which it clamps). */
export function oqpskBitErrorRate(sinr: number): number {
  if (!(sinr > 0)) return 0.5;
  let sum = 0;
  for (let k = 2; k <= 16; k++) sum += (k % 2 === 0 ? 1 : -1) * BINOMIAL_16[k]! * Math.exp(20 * sinr * (1 / k - 1));
  const ber = (sum * 8) / 15 / 16;
  return Math.min(Math.max(ber, 0), 1);
}

/** Probability that `bits` consecutive bits at a constant linear SINR are all correct: (1 − BER)^bits. */
export function chunkSuccessRate(sinr: number, bits: number): number {
  if (bits <= 0) return 1;
  return (1 - oqpskBitErrorRate(sinr)) ** bits;
}

/** Power ratio of a decibel value. */
export const dbToRatio = (db: number): number => 10 ** (db / 10);
/** Decibels of a power ratio. */
export const ratioToDb = (ratio: number): number => 10 * Math.log10(ratio);

/** Thermal noise density at 290 K (dBm/Hz): 10·log10(k·T·1000). */
export const THERMAL_NOISE_DBM_PER_HZ = -174;

/** Noise floor (dBm) over `bandwidthHz` with a receiver noise figure: −174 dBm/Hz + 10·log10(B) + NF. */
export function noiseFloorDbm(bandwidthHz: number, noiseFigureDb: number): number {
  return THERMAL_NOISE_DBM_PER_HZ + ratioToDb(bandwidthHz) + noiseFigureDb;
}

/**
 * The SNR (dB) at which a PSDU of `psduBytes` in noise alone is lost with
 * probability `per`, by bisection on the Annex E curve. The standard defines
 * receiver sensitivity as the input level at which PER < 1 % for a 20-octet
 * PSDU (IEEE 802.15.4-2006 §6.1.7, §6.5.3.3), so a receiver that just meets
 * its sensitivity has this SNR there.
 */
export function snrForPacketErrorRateDb(psduBytes: number, per: number): number {
  let lo = -20;
  let hi = 20;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (1 - chunkSuccessRate(dbToRatio(mid), bytesToBits(psduBytes)) > per) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The noise figure (dB) that puts the sensitivity exactly where the standard
 * defines it: a signal at `sensitivityDbm` in noise alone has PER 1 % on a
 * 20-octet PSDU. As ns-3's `LrWpanPhy::SetRxSensitivity`, which derives its
 * noise factor from the configured sensitivity.
 */
export function noiseFigureForSensitivityDb(sensitivityDbm: number, bandwidthHz: number): number {
  return sensitivityDbm - snrForPacketErrorRateDb(20, 0.01) - (THERMAL_NOISE_DBM_PER_HZ + ratioToDb(bandwidthHz));
}

/**
 * Log-distance path loss (dB): PL(d0) + 10·n·log10(d / d0) for d > d0, and
 * PL(d0) closer in (as ns-3's LogDistancePropagationLossModel).
 */
export function logDistanceLossDb(distanceM: number, referenceDistanceM: number, referenceLossDb: number, exponent: number): number {
  if (distanceM <= referenceDistanceM) return referenceLossDb;
  return referenceLossDb + 10 * exponent * Math.log10(distanceM / referenceDistanceM);
}

/** Friis free-space loss (dB) at `distanceM` and `frequencyHz`: 20·log10(4π·d·f / c). */
export function friisLossDb(distanceM: number, frequencyHz: number): number {
  return 20 * Math.log10((4 * Math.PI * distanceM * frequencyHz) / 299_792_458);
}
