import type { RandomStream } from '../sim/index.js';
import type { Seconds, Watts } from '../net/units.js';
import type { CompressionWork } from './compress/work.js';

/** A compute device: how fast a worker or server computes and what it draws while doing so. */
export interface DevicePreset {
  readonly name: string;
  readonly description: string;
  /**
   * FLOP/s sustained, not peak: on small dense kernels for the small-model
   * presets; peak × the model FLOPs utilisation large-model training reaches
   * for the large-model ones (v100, a100, h100, phone-soc). A step costs
   * {@link computeTimeS}.
   */
  readonly flopsPerS: number;
  readonly flopsSource: string;
  /** Fixed time per step (kernel launches, framework overhead), s. */
  readonly stepOverheadS: Seconds;
  readonly overheadSource: string;
  /** Power drawn while computing, above idle (W), charged on top of interface power. */
  readonly computeW: Watts;
  readonly powerSource: string;
  /** Time per vector element of one compression pass (selection, quantisation) on this device, s. */
  readonly selectSPerElement: Seconds;
  readonly selectSource: string;
  /**
   * Time per comparison of a sort on this device, s: sorting n elements
   * costs n·log2(n) of these (CAT's search sorts the magnitudes it must
   * rank; the paper's implementation sorts all d, Appendix H).
   */
  readonly sortSPerComparison: Seconds;
  readonly sortSource: string;
}

/** Device presets by name. */
export const DEVICE_PRESETS: Readonly<Record<string, DevicePreset>> = Object.fromEntries(
  (
    [
      {
        name: 'datacenter-gpu',
        description: 'NVIDIA V100 PCIe 16 GB',
        flopsPerS: 1.4e12,
        flopsSource: 'assumed 10 % of the 14 TFLOP/s fp32 peak (NVIDIA V100 datasheet, PCIe): small models at small batch leave the GPU mostly idle',
        stepOverheadS: 100e-6,
        overheadSource: 'assumed 100 µs per step: a few dozen kernel launches at ~5 µs each plus framework overhead',
        computeW: 250,
        powerSource: 'NVIDIA V100 datasheet: 250 W maximum power (PCIe); an upper bound, charged while computing',
        selectSPerElement: 0.05e-9,
        selectSource: 'assumed: radix-select top-k at ~20 G elements/s on HBM2 (900 GB/s, 4 B per element, a few passes)',
        sortSPerComparison: 0.01e-9,
        sortSource: 'assumed: GPU radix sort (CUB) of 32-bit key–index pairs at ~4 G pairs/s for n = 2^24, i.e. 0.25 ns per element over log2 n = 24 comparisons’ worth',
      },
      {
        name: 'server-cpu',
        description: 'one core of a 20-core Xeon Gold 6230 (2.1 GHz, AVX-512)',
        flopsPerS: 5e9,
        flopsSource: 'assumed ~5 GFLOP/s sustained: ~7 % of the 67 GFLOP/s fp32 FMA peak of one core (2.1 GHz × 32 FLOP/cycle), ' + 'as gradient kernels of small models are memory-bound',
        stepOverheadS: 50e-6,
        overheadSource: 'assumed 50 µs framework overhead per step',
        computeW: 6.25,
        powerSource: 'Intel ARK: Xeon Gold 6230 TDP 125 W / 20 cores',
        selectSPerElement: 1e-9,
        selectSource: 'order of gradwire’s own Top-k selection on one server core (npm run bench -- compress: ~1 ns per element at d = 1e6)',
        sortSPerComparison: 3e-9,
        sortSource: 'assumed ~3 ns per comparison: a comparison sort (std::sort class) of 2^20 float keys takes ~60 ms on one server core, 60 ms / (2^20 × 20)',
      },
      {
        name: 'raspberry-pi-4',
        description: 'Raspberry Pi 4 Model B (4 × Cortex-A72 at 1.5 GHz)',
        flopsPerS: 2e9,
        flopsSource: 'assumed ~4 % of the 48 GFLOP/s NEON fp32 peak (4 cores × 1.5 GHz × 8 FLOP/cycle) for small-model training in a framework',
        stepOverheadS: 500e-6,
        overheadSource: 'assumed 0.5 ms framework overhead per step on an in-order-memory SoC',
        computeW: 3.7,
        powerSource: 'Raspberry Pi documentation, power table: Pi 4 B draws 540 mA idle (2.7 W) and 1280 mA under stress --cpu 4 (6.4 W) at 5 V; compute adds 3.7 W',
        selectSPerElement: 5e-9,
        selectSource: 'assumed 5× a server core (lower clock, narrower memory system)',
        sortSPerComparison: 15e-9,
        sortSource: 'assumed 5× a server core, as its selection pass',
      },
      {
        name: 'smartphone',
        description: 'a 2019 flagship phone CPU (Snapdragon 855 class, big cores)',
        flopsPerS: 10e9,
        flopsSource: 'assumed ~10 GFLOP/s sustained fp32 on the big cores for on-device training (an order of magnitude below the NEON peak)',
        stepOverheadS: 1e-3,
        overheadSource: 'assumed 1 ms per step (mobile framework dispatch)',
        computeW: 2.5,
        powerSource: 'assumed 2.5 W for a loaded big-core cluster, the order phones sustain before thermal throttling',
        selectSPerElement: 3e-9,
        selectSource: 'assumed 3× a server core',
        sortSPerComparison: 9e-9,
        sortSource: 'assumed 3× a server core, as its selection pass',
      },
      {
        name: 'cortex-m4',
        description: 'a Cortex-M4F microcontroller at 168 MHz (STM32F4 class)',
        flopsPerS: 50e6,
        flopsSource: 'assumed ~50 MFLOP/s: CMSIS-DSP fp32 dot products take ~3–4 cycles per multiply-add at 168 MHz, less memory stalls',
        stepOverheadS: 0,
        overheadSource: 'bare-metal loop: no framework overhead',
        computeW: 0.132,
        powerSource: 'ST STM32F4 series: ~238 µA/MHz in run mode → 40 mA at 168 MHz and 3.3 V',
        selectSPerElement: 100e-9,
        selectSource: 'assumed ~17 cycles per element at 168 MHz for a selection pass',
        sortSPerComparison: 200e-9,
        sortSource: 'assumed ~35 cycles per comparison at 168 MHz (a compare, a branch and memory moves on an in-order core without cache)',
      },
      {
        name: 'v100',
        description: 'NVIDIA V100 SXM2 32 GB training a large model (mixed precision)',
        flopsPerS: 35e12,
        flopsSource:
          'assumed ≈ 28 % of the 125 TFLOP/s Tensor Core peak (NVIDIA V100 datasheet): ResNet-50 mixed-precision training runs at the order of 1 000–1 400 images/s ' +
          'on one V100 (NVIDIA Deep Learning Examples), i.e. 25–35 TFLOP/s at 3 × 8.2 GFLOP per image',
        stepOverheadS: 2e-3,
        overheadSource: 'assumed 2 ms per step: hundreds of kernel launches, optimizer and data loader hand-off',
        computeW: 300,
        powerSource: 'NVIDIA V100 SXM2 datasheet: 300 W maximum board power; charged while computing',
        selectSPerElement: 0.02e-9,
        selectSource: 'assumed: radix-select top-k at ~50 G elements/s on 900 GB/s HBM2 (4 B per element, about two passes)',
        sortSPerComparison: 0.01e-9,
        sortSource: 'assumed: GPU radix sort (CUB) of 32-bit key–index pairs at ~4 G pairs/s for n = 2^24, i.e. 0.25 ns per element over log2 n = 24 comparisons’ worth',
      },
      {
        name: 'a100',
        description: 'NVIDIA A100 SXM4 80 GB training a large model (bf16 mixed precision)',
        flopsPerS: 140e12,
        flopsSource:
          'assumed 45 % of the 312 TFLOP/s dense bf16 Tensor Core peak (NVIDIA A100 datasheet; fp32 is 19.5, TF32 156), within what GPT training on A100 reaches: ' +
          '44–52 % of peak in Megatron-LM counting activation recomputation (Narayanan et al., SC 2021), 54.2 % model FLOPs utilisation for a 530 B model ' +
          'with selective recomputation (Korthikanti et al., Reducing Activation Recomputation in Large Transformer Models, 2022)',
        stepOverheadS: 2e-3,
        overheadSource: 'assumed 2 ms per step: kernel launches, optimizer and data loader hand-off',
        computeW: 400,
        powerSource: 'NVIDIA A100 SXM4 datasheet: 400 W maximum board power; charged while computing',
        selectSPerElement: 0.01e-9,
        selectSource: 'assumed: radix-select top-k at ~100 G elements/s on 2 TB/s HBM2e (4 B per element, about two passes)',
        sortSPerComparison: 0.004e-9,
        sortSource: 'assumed: the v100 figure scaled by memory bandwidth (2.0 TB/s HBM2e against 0.9 TB/s), ~10 G pairs/s for n = 2^24',
      },
      {
        name: 'h100',
        description: 'NVIDIA H100 SXM5 80 GB training a large model (bf16 mixed precision)',
        flopsPerS: 400e12,
        flopsSource:
          'assumed 40 % of the 989 TFLOP/s dense bf16 Tensor Core peak (NVIDIA H100 datasheet, SXM5; 1 979 with sparsity): the 38–43 % bf16 model FLOPs utilisation ' +
          'Meta reports for Llama 3 405B pre-training on H100 (The Llama 3 Herd of Models, 2024, Table 4)',
        stepOverheadS: 2e-3,
        overheadSource: 'assumed 2 ms per step: kernel launches, optimizer and data loader hand-off',
        computeW: 700,
        powerSource: 'NVIDIA H100 SXM5 datasheet: up to 700 W maximum thermal design power; charged while computing',
        selectSPerElement: 0.006e-9,
        selectSource: 'assumed: the a100 figure scaled by memory bandwidth (3.35 TB/s HBM3 against 2.0 TB/s), ~170 G elements/s',
        sortSPerComparison: 0.0025e-9,
        sortSource: 'assumed: the a100 figure scaled by memory bandwidth (3.35 TB/s HBM3 against 2.0 TB/s)',
      },
      {
        name: 'phone-soc',
        description: 'a 2021 flagship phone SoC training on its mobile GPU (Snapdragon 888 class, Adreno 660)',
        flopsPerS: 300e9,
        flopsSource: 'assumed ~20 % of the Adreno 660’s fp32 peak, of the order of 1.5 TFLOP/s (a third-party estimate; Qualcomm publishes no figure), for on-device training in a mobile framework',
        stepOverheadS: 5e-3,
        overheadSource: 'assumed 5 ms per step: mobile GPU dispatch and framework overhead',
        computeW: 5,
        powerSource: 'assumed 5 W for SoC + GPU under a sustained training load, the order phones hold before thermal throttling',
        selectSPerElement: 1e-9,
        selectSource: 'assumed: one pass over the vector at ~1 G elements/s on the phone’s LPDDR5',
        sortSPerComparison: 3e-9,
        sortSource: 'assumed: a comparison sort on the phone’s big CPU cores at a server core’s ~3 ns per comparison',
      },
    ] satisfies DevicePreset[]
  ).map((d) => [d.name, d]),
);

/**
 * `none`: a device that computes in zero time and draws no power — infinite
 * FLOP/s, no step overhead, no selection cost — so a scenario with
 * `workers.device: none` (and `server.device: none`) isolates network time:
 * every compute column of time.csv is 0 and energy is the interfaces' alone.
 * Not a device that exists; a what-if, listed last among the presets.
 */
export const NO_COMPUTE_DEVICE: DevicePreset = {
  name: 'none',
  description: 'no compute: zero time and zero power per step, to isolate network time (a what-if, not a device)',
  flopsPerS: Infinity,
  flopsSource: 'by definition: infinite FLOP/s, so every FLOP count costs 0 s',
  stepOverheadS: 0,
  overheadSource: 'by definition: no per-step overhead',
  computeW: 0,
  powerSource: 'by definition: no compute power (interface power is still charged)',
  selectSPerElement: 0,
  selectSource: 'by definition: compression passes cost 0 s',
  sortSPerComparison: 0,
  sortSource: 'by definition: sorts cost 0 s',
};
(DEVICE_PRESETS as Record<string, DevicePreset>)[NO_COMPUTE_DEVICE.name] = NO_COMPUTE_DEVICE;

/**
 * Time (s) of a compressor's work for one message on `device`: its pass
 * elements at `selectSPerElement` each plus its sort comparisons at
 * `sortSPerComparison` each (see `CompressionWork`).
 */
export function compressionSeconds(device: DevicePreset, work: CompressionWork): Seconds {
  const passes = work.passElements > 0 ? work.passElements * device.selectSPerElement : 0;
  return work.sortComparisons > 0 ? passes + work.sortComparisons * device.sortSPerComparison : passes;
}

/** Time (s) of one step that costs `flops` on `device`. */
export function computeTimeS(device: DevicePreset, flops: number): Seconds {
  return flops / device.flopsPerS + device.stepOverheadS;
}

/** Optional compute heterogeneity across workers and steps. */
export interface Heterogeneity {
  /** σ of a lognormal multiplier with mean 1 (0: none). */
  readonly jitterSigma: number;
  /** Probability that a step straggles. */
  readonly stragglerProbability: number;
  /** Slowdown factor of a straggling step (≥ 1). */
  readonly stragglerSlowdown: number;
}

/** No heterogeneity. */
export const HOMOGENEOUS: Heterogeneity = { jitterSigma: 0, stragglerProbability: 0, stragglerSlowdown: 1 };

/**
 * The multiplier of one step's compute time: lognormal with mean 1
 * (exp(N(−σ²/2, σ²))), times the slowdown with the straggler probability.
 * Draws from the worker's own stream, so one worker's draws never depend on another's.
 */
export function stepFactor(h: Heterogeneity, stream: RandomStream): number {
  let f = 1;
  if (h.jitterSigma > 0) f *= stream.lognormal(-(h.jitterSigma ** 2) / 2, h.jitterSigma);
  if (h.stragglerProbability > 0 && stream.uniform() < h.stragglerProbability) f *= h.stragglerSlowdown;
  return f;
}
