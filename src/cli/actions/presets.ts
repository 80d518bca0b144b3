import { LINK_PRESETS, describePreset } from '../../net/presets/index.js';
import { DEVICE_PRESETS } from '../../learn/devices.js';
import { didYouMean } from '../../text/did-you-mean.js';
import { describeValue } from '../../text/value-words.js';
import { linkFlagMessages } from '../messages.js';
import { InputError } from '../errors.js';
import { table } from '../table.js';

export interface PresetsOptions {
  describe?: string;
  json?: boolean;
  profiles?: boolean;
}

/** `gradwire presets`: list presets, or describe one field by field. */
export async function presets(opts: PresetsOptions): Promise<void> {
  if (opts.profiles) {
    // the profile tables (and zod, which checks them) only for --profiles
    const { BUNDLED_PROFILES, profileDim, profileFlopsPerSample } = await import('../../learn/workloads/profiles/index.js');
    const rows = Object.values(BUNDLED_PROFILES).map((p) => {
      const f = profileFlopsPerSample(p);
      return { name: p.name, parameters: profileDim(p), forwardGflopsPerSample: f.forward / 1e9, backwardGflopsPerSample: f.backward / 1e9, sample: p.sampleUnit, source: p.source };
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const cells = rows.map((r) => [r.name, r.parameters.toLocaleString('en-US'), r.forwardGflopsPerSample.toPrecision(4), r.backwardGflopsPerSample.toPrecision(4), r.sample, r.source]);
      process.stdout.write(`${table([['NAME', 'PARAMETERS', 'FWD GFLOP', 'BWD GFLOP', 'PER', 'SOURCE'], ...cells])}\n`);
    }
    return;
  }
  const all: Record<string, object> = { ...LINK_PRESETS, ...DEVICE_PRESETS };
  if (opts.describe === undefined) {
    const links = Object.values(LINK_PRESETS).map((p) => [p.name, `link/${p.family}`, p.description]);
    const devices = Object.values(DEVICE_PRESETS).map((d) => [d.name, 'device', d.description]);
    if (opts.json)
      process.stdout.write(
        `${JSON.stringify(
          [...links, ...devices].map(([name, kind, description]) => ({ name, kind, description })),
          null,
          2,
        )}\n`,
      );
    else process.stdout.write(`${table([['NAME', 'KIND', 'DESCRIPTION'], ...links, ...devices])}\n`);
    return;
  }
  const preset = all[opts.describe];
  if (preset === undefined) {
    const hint = didYouMean(opts.describe, Object.keys(all));
    throw new InputError(linkFlagMessages.unknownPreset('--describe', describeValue(opts.describe), hint ? `; ${hint}` : '', 'preset'));
  }
  const rows = opts.describe in LINK_PRESETS ? describePreset(preset as (typeof LINK_PRESETS)[string]) : describeDevice(opts.describe);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${opts.describe}: ${(preset as { description: string }).description}\n\n`);
  process.stdout.write(`${table([['FIELD', 'VALUE', 'UNIT', 'SOURCE'], ...rows.map((r) => [r.field, r.value, r.unit, r.source])])}\n`);
}

function describeDevice(name: string) {
  const d = DEVICE_PRESETS[name]!;
  return [
    { field: 'flopsPerS', value: String(d.flopsPerS), unit: 'FLOP/s', source: d.flopsSource },
    { field: 'stepOverheadS', value: String(d.stepOverheadS), unit: 's', source: d.overheadSource },
    { field: 'computeW', value: String(d.computeW), unit: 'W', source: d.powerSource },
    { field: 'selectSPerElement', value: String(d.selectSPerElement), unit: 's', source: d.selectSource },
    { field: 'sortSPerComparison', value: String(d.sortSPerComparison), unit: 's', source: d.sortSource },
  ];
}
