import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Hostile input on every command's flags and files: each case must exit 2 with one clear message naming the flag
// (or file, or field), what was expected and what was given — no stack trace, no "internal error" — and write
// nothing into --out. The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'gradwire-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => join(dir, name);
const SCHEMES = 'schemes:\n  - name: dense\n    uplink: { compressor: { kind: identity } }\n';
const SMALL = 'workers: { count: 2, batchSize: 4 }\nmodel: { kind: logistic-regression, features: 8, trainSamples: 64, testSamples: 16 }\ntraining: { iterations: 2 }\noutput: { report: false }\n';
// fixtures: files of every wrong kind
writeFileSync(at('good.yaml'), `name: good\n${SMALL}${SCHEMES}`);
writeFileSync(at('sweep.yaml'), `name: sw\n${SMALL}${SCHEMES}sweep:\n  grid:\n    workers.count: [2, 4]\n`);
writeFileSync(at('empty.yaml'), '');
writeFileSync(at('latin1.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0xff, 0xfe, 0x0a])); // "name: " then bytes that are not UTF-8
writeFileSync(at('binary.yaml'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
writeFileSync(at('notes.txt'), 'just some text\n');
writeFileSync(at('huge-count.yaml'), `name: h\nworkers: { count: 1e308 }\n${SCHEMES}`);
writeFileSync(at('nan-rate.yaml'), `name: n\ntraining: { learningRate: .nan }\n${SCHEMES}`);
writeFileSync(at('inf-iters.yaml'), `name: i\ntraining: { iterations: .inf }\n${SCHEMES}`);
writeFileSync(at('neg-features.yaml'), `name: f\nmodel: { kind: logistic-regression, features: -5 }\n${SCHEMES}`);
writeFileSync(at('string-seed.yaml'), `name: s\nseed: "one"\n${SCHEMES}`);
writeFileSync(at('list-top.yaml'), '- name: x\n');
writeFileSync(at('traffic-latin1.csv'), Buffer.from([0x73, 0x72, 0x63, 0x2c, 0xe9, 0xff, 0x0a]));
writeFileSync(at('traffic-empty.csv'), '');
writeFileSync(at('traffic-neg.csv'), 'src,dst,bytes\nsender/0,receiver,-5\n');
writeFileSync(at('traffic-huge.csv'), 'src,dst,bytes\nsender/0,receiver,1e308\n');
writeFileSync(at('traffic-nan.csv'), 'src,dst,bytes,start\nsender/0,receiver,100,NaN\n');
writeFileSync(at('profile-latin1.yaml'), Buffer.from('name: p\nsource: \xff\xfe\n', 'latin1'));
writeFileSync(at('base-latin1.yaml'), Buffer.from('seed: \xe9\n', 'latin1'));
const scenario = (name: string, text: string) => writeFileSync(at(name), `name: ${name}\n${text}\n${SCHEMES}`);
scenario('profile-missing.yaml', 'model: { kind: profile, file: nope-profile.yaml }');
scenario('profile-dir.yaml', 'model: { kind: profile, file: a-dir }');
scenario('profile-latin1-ref.yaml', 'model: { kind: profile, file: profile-latin1.yaml }');
scenario('profile-device.yaml', 'model: { kind: profile, file: /dev/zero }');
scenario('recorded-file.yaml', 'model: { kind: profile, name: resnet20, gradients: { kind: recorded, dir: notes.txt } }');
writeFileSync(at('extends-latin1.yaml'), `extends: base-latin1.yaml\nname: e\n${SCHEMES}`);
scenario('events-1e15.yaml', 'training: { iterations: 1e15 }');
scenario('features-1e12.yaml', 'model: { kind: logistic-regression, features: 1e12 }');
scenario('batch-1e308.yaml', 'workers: { batchSize: 1e308 }');
scenario('bandwidth-zero.yaml', 'network: { workerLink: { set: { bandwidthBps: 0 } } }');
scenario('latency-inf.yaml', 'network: { workerLink: { set: { latencyS: .inf } } }');
writeFileSync(
  at('sweep-1e9.yaml'),
  `name: big\n${SCHEMES}sweep:\n  grid:\n${['workers.count', 'training.iterations', 'seed'].map((p) => `    ${p}: [${Array.from({ length: 1000 }, (_, i) => i + 1).join(', ')}]`).join('\n')}\n`,
);
writeFileSync(at('sweep-reps.yaml'), `name: reps\n${SCHEMES}sweep:\n  repetitions: 1e15\n`);
writeFileSync(at('huge.yaml'), Buffer.alloc(17 * 2 ** 20, 0x61)); // past the 16 MiB a scenario file may have
mkdirSync(at('a-dir'));
mkdirSync(at('empty-dir'));
symlinkSync(at('loop-b'), at('loop-a'));
symlinkSync(at('loop-a'), at('loop-b'));
const LONG = at('x'.repeat(300));

/** Flags, what stderr must say, and the output path that must not appear (or the file that must stay as it was). */
interface Case {
  readonly args: readonly string[];
  readonly says: RegExp;
  readonly out?: string;
}

const OUT = (name: string) => at(`out-${name}`);
const T = ['transfer', '--preset', 'ethernet-1g-udp'];
const C = ['collective', 'ring-allreduce', '--workers', '4', '--bytes', '1000'];

const CASES: Record<string, Case> = {
  // run: the scenario file
  'run: missing file': { args: ['run', at('nope.yaml'), '--out', OUT('r1')], says: /nope\.yaml.*(not found|no such file|ENOENT)/i, out: OUT('r1') },
  'run: a directory as the scenario': { args: ['run', at('a-dir'), '--out', OUT('r2')], says: /a-dir.*(a directory|EISDIR)/i, out: OUT('r2') },
  'run: empty file': { args: ['run', at('empty.yaml'), '--out', OUT('r3')], says: /empty\.yaml.*expected/, out: OUT('r3') },
  'run: not UTF-8': { args: ['run', at('latin1.yaml'), '--out', OUT('r4')], says: /latin1\.yaml.*UTF-8/, out: OUT('r4') },
  'run: binary file': { args: ['run', at('binary.yaml'), '--out', OUT('r5')], says: /binary\.yaml/, out: OUT('r5') },
  'run: symlink loop': { args: ['run', at('loop-a'), '--out', OUT('r6')], says: /loop-a.*(ELOOP|symbolic links|cannot read)/i, out: OUT('r6') },
  'run: name too long': { args: ['run', LONG, '--out', OUT('r7')], says: /xxxx.*(ENAMETOOLONG|too long|cannot read)/i, out: OUT('r7') },
  'run: count 1e308': { args: ['run', at('huge-count.yaml'), '--out', OUT('r8')], says: /workers\.count: expected .*given/, out: OUT('r8') },
  'run: learning rate NaN': { args: ['run', at('nan-rate.yaml'), '--out', OUT('r9')], says: /training\.learningRate: expected .*given/, out: OUT('r9') },
  'run: iterations Infinity': { args: ['run', at('inf-iters.yaml'), '--out', OUT('r10')], says: /training\.iterations: expected .*given/, out: OUT('r10') },
  'run: negative features': { args: ['run', at('neg-features.yaml'), '--out', OUT('r11')], says: /model\.features: expected .*given/, out: OUT('r11') },
  'run: seed a string': { args: ['run', at('string-seed.yaml'), '--out', OUT('r12')], says: /seed: expected a whole number.*given/, out: OUT('r12') },
  'run: a list at the top': { args: ['run', at('list-top.yaml'), '--out', OUT('r13')], says: /list-top\.yaml.*expected a (YAML )?mapping/, out: OUT('r13') },
  'run: a sweep file': { args: ['run', at('sweep.yaml'), '--out', OUT('r14')], says: /sweep\.yaml: has a sweep block/, out: OUT('r14') },
  'run: --out is a file': { args: ['run', at('good.yaml'), '--out', at('notes.txt')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'run: --out under a file': { args: ['run', at('good.yaml'), '--out', join(at('notes.txt'), 'sub')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'run: --out empty': { args: ['run', at('good.yaml'), '--out', ''], says: /--out: expected a directory.*given ""/ },
  'run: --max-memory negative': { args: ['run', at('good.yaml'), '--max-memory', '-1GB', '--out', OUT('r15')], says: /--max-memory: expected a size.*"-1GB"/, out: OUT('r15') },
  'run: --max-memory NaN': { args: ['run', at('good.yaml'), '--max-memory', 'NaN', '--out', OUT('r16')], says: /--max-memory: expected a size.*"NaN"/, out: OUT('r16') },
  'run: --max-memory zero': { args: ['run', at('good.yaml'), '--max-memory', '0', '--out', OUT('r17')], says: /--max-memory: expected a size.*"0"/, out: OUT('r17') },
  'run: --max-memory 1e308': { args: ['run', at('good.yaml'), '--max-memory', '1e308', '--out', OUT('r18')], says: /--max-memory: expected a size.*"1e308"/, out: OUT('r18') },
  'run: --max-memory empty': { args: ['run', at('good.yaml'), '--max-memory', '', '--out', OUT('r19')], says: /--max-memory: expected a size.*""/, out: OUT('r19') },
  'run: --max-memory too small': { args: ['run', at('good.yaml'), '--max-memory', '1kB', '--out', OUT('r20')], says: /needs an estimated .* more than the 1\.00 kB available/, out: OUT('r20') },
  'run: --max-memory huge digits': { args: ['run', at('good.yaml'), '--max-memory', '9'.repeat(400), '--out', OUT('r21')], says: /--max-memory: expected a size/, out: OUT('r21') },
  'run: profile table missing': {
    args: ['run', at('profile-missing.yaml'), '--out', OUT('r23')],
    says: /model\.file: expected a readable profile table .*nope-profile\.yaml.*no such file/,
    out: OUT('r23'),
  },
  'run: profile table a directory': {
    args: ['run', at('profile-dir.yaml'), '--out', OUT('r24')],
    says: /model\.file: expected a readable profile table .*"a-dir": a directory, not a file/,
    out: OUT('r24'),
  },
  'run: profile table not UTF-8': {
    args: ['run', at('profile-latin1-ref.yaml'), '--out', OUT('r25')],
    says: /model\.file: expected a profile table in UTF-8.*not UTF-8 \(0xff at byte 16, line 2\)/,
    out: OUT('r25'),
  },
  'validate: profile table a device': { args: ['validate', at('profile-device.yaml')], says: /model\.file: expected a readable profile table .*"\/dev\/zero": not a regular file/ },
  'run: recorded gradients in a file': {
    args: ['run', at('recorded-file.yaml'), '--out', OUT('r26')],
    says: /model\.gradients\.dir: expected a directory.*"notes\.txt": a file, not a directory/,
    out: OUT('r26'),
  },
  'run: extends a file not UTF-8': {
    args: ['run', at('extends-latin1.yaml'), '--out', OUT('r27')],
    says: /base-latin1\.yaml: \(top level\): expected a scenario file in UTF-8.*0xe9 at byte 6, line 1.*extended by/,
    out: OUT('r27'),
  },
  'run: 10^15 iterations': { args: ['run', at('events-1e15.yaml'), '--out', OUT('r28')], says: /events-1e15\.yaml: the run would simulate about .* events .* training\.iterations/, out: OUT('r28') },
  'run: 10^12 features': { args: ['run', at('features-1e12.yaml'), '--out', OUT('r29')], says: /features-1e12\.yaml: the run needs an estimated .* PB of memory/, out: OUT('r29') },
  'run: batch 1e308': { args: ['run', at('batch-1e308.yaml'), '--out', OUT('r30')], says: /workers\.batchSize: expected .*given number 1e\+308/, out: OUT('r30') },
  'run: bandwidth 0': {
    args: ['run', at('bandwidth-zero.yaml'), '--out', OUT('r31')],
    says: /network\.workerLink\.set\.bandwidthBps: expected a finite number > 0 \(bit\/s\), given number 0/,
    out: OUT('r31'),
  },
  'run: latency Infinity': {
    args: ['run', at('latency-inf.yaml'), '--out', OUT('r32')],
    says: /network\.workerLink\.set\.latencyS: expected a finite number ≥ 0 \(s\), given number Infinity/,
    out: OUT('r32'),
  },
  'sweep: 10^9 points': {
    args: ['sweep', at('sweep-1e9.yaml'), '--out', OUT('s19')],
    says: /sweep: expected at most 100000 points .*given 1000 \(grid "workers\.count"\) × 1000 .* = 1\.00e\+9 points/,
    out: OUT('s19'),
  },
  'validate: 10^15 repetitions': { args: ['validate', at('sweep-reps.yaml')], says: /sweep: expected at most 100000 points .*given 1000000000000000 \(repetitions\)/ },
  'run: a device as the scenario': {
    args: ['run', '/dev/zero', '--out', OUT('r33')],
    says: /\/dev\/zero: \(top level\): expected a readable scenario file, given not a regular file/,
    out: OUT('r33'),
  },
  'run: a 17 MiB scenario': {
    args: ['run', at('huge.yaml'), '--out', OUT('r34')],
    says: /huge\.yaml: \(top level\): expected a readable scenario file, given 17825792 bytes, more than the 16777216/,
    out: OUT('r34'),
  },
  'validate: a device': { args: ['validate', '/dev/urandom'], says: /\/dev\/urandom: .*not a regular file/ },
  'run: unknown flag': { args: ['run', at('good.yaml'), '--outt', OUT('r22')], says: /unknown option '--outt'/, out: OUT('r22') },

  // validate
  'validate: missing file': { args: ['validate', at('nope.yaml')], says: /nope\.yaml.*(not found|no such file|ENOENT)/i },
  'validate: a directory': { args: ['validate', at('a-dir')], says: /a-dir.*(a directory|EISDIR)/i },
  'validate: not UTF-8': { args: ['validate', at('latin1.yaml')], says: /latin1\.yaml.*UTF-8/ },
  'validate: empty file': { args: ['validate', at('empty.yaml')], says: /empty\.yaml.*expected/ },
  'validate: symlink loop': { args: ['validate', at('loop-a')], says: /loop-a/ },
  'validate: no file': { args: ['validate'], says: /missing required argument/ },

  // sweep
  'sweep: missing file': { args: ['sweep', at('nope.yaml'), '--out', OUT('s1')], says: /nope\.yaml.*(not found|no such file|ENOENT)/i, out: OUT('s1') },
  'sweep: a directory': { args: ['sweep', at('a-dir'), '--out', OUT('s2')], says: /a-dir.*(a directory|EISDIR)/i, out: OUT('s2') },
  'sweep: not UTF-8': { args: ['sweep', at('latin1.yaml'), '--out', OUT('s3')], says: /latin1\.yaml.*UTF-8/, out: OUT('s3') },
  'sweep: empty file': { args: ['sweep', at('empty.yaml'), '--out', OUT('s4')], says: /empty\.yaml.*expected/, out: OUT('s4') },
  'sweep: --threads 0': { args: ['sweep', at('sweep.yaml'), '--threads', '0', '--out', OUT('s5')], says: /--threads.*"0"/, out: OUT('s5') },
  'sweep: --threads -1': { args: ['sweep', at('sweep.yaml'), '--threads', '-1', '--out', OUT('s6')], says: /--threads.*"-1"/, out: OUT('s6') },
  'sweep: --threads NaN': { args: ['sweep', at('sweep.yaml'), '--threads', 'NaN', '--out', OUT('s7')], says: /--threads.*"NaN"/, out: OUT('s7') },
  'sweep: --threads 1.5': { args: ['sweep', at('sweep.yaml'), '--threads', '1.5', '--out', OUT('s8')], says: /--threads.*"1\.5"/, out: OUT('s8') },
  'sweep: --threads 1e308': { args: ['sweep', at('sweep.yaml'), '--threads', '1e308', '--out', OUT('s9')], says: /--threads.*"1e308"/, out: OUT('s9') },
  'sweep: --threads beyond 2^53': { args: ['sweep', at('sweep.yaml'), '--threads', '99999999999999999999', '--out', OUT('s10')], says: /--threads.*"99999999999999999999"/, out: OUT('s10') },
  'sweep: --threads empty': { args: ['sweep', at('sweep.yaml'), '--threads', '', '--out', OUT('s11')], says: /--threads.*""/, out: OUT('s11') },
  'sweep: --shard 0/3': { args: ['sweep', at('sweep.yaml'), '--shard', '0/3', '--out', OUT('s12')], says: /--shard.*"0\/3"/, out: OUT('s12') },
  'sweep: --shard 4/3': { args: ['sweep', at('sweep.yaml'), '--shard', '4/3', '--out', OUT('s13')], says: /--shard.*"4\/3"/, out: OUT('s13') },
  'sweep: --shard 1/0': { args: ['sweep', at('sweep.yaml'), '--shard', '1/0', '--out', OUT('s14')], says: /--shard.*"1\/0"/, out: OUT('s14') },
  'sweep: --shard a/b': { args: ['sweep', at('sweep.yaml'), '--shard', 'a/b', '--out', OUT('s15')], says: /--shard.*"a\/b"/, out: OUT('s15') },
  'sweep: --shard empty': { args: ['sweep', at('sweep.yaml'), '--shard', '', '--out', OUT('s16')], says: /--shard.*""/, out: OUT('s16') },
  'sweep: --max-memory bad': { args: ['sweep', at('sweep.yaml'), '--max-memory', 'lots', '--out', OUT('s17')], says: /--max-memory: expected a size.*"lots"/, out: OUT('s17') },
  'sweep: --out is a file': { args: ['sweep', at('sweep.yaml'), '--out', at('notes.txt')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'sweep: --out under a file': { args: ['sweep', at('sweep.yaml'), '--out', join(at('notes.txt'), 'sub')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'sweep: --status missing dir': { args: ['sweep', '--status', at('nope-dir')], says: /nope-dir/ },
  'sweep: --status a file': { args: ['sweep', '--status', at('notes.txt')], says: /notes\.txt/ },
  'sweep: --status empty dir': { args: ['sweep', '--status', at('empty-dir')], says: /empty-dir/ },
  'sweep: no scenario': { args: ['sweep', '--out', OUT('s18')], says: /scenario/, out: OUT('s18') },

  // explain
  'explain: unknown field': { args: ['explain', 'workers.cuont'], says: /explain "workers\.cuont": no field "cuont" under workers; did you mean "count"\? \(fields: "count", "device", / },
  'explain: dots only': { args: ['explain', '....'], says: /explain "\.\.\.\.": no field "" under the scenario \(fields: / },
  'explain: a very long path': { args: ['explain', 'a.'.repeat(5000)], says: /explain "a\.a\..*": no field "a" under the scenario/ },
  'explain: below a number': { args: ['explain', 'workers.count.max'], says: /explain "workers\.count\.max": no field "max" under workers\.count/ },

  // presets
  'presets: unknown preset': { args: ['presets', '--describe', 'ethernet-1g-ud'], says: /unknown preset "ethernet-1g-ud".*did you mean "ethernet-1g-udp"/ },
  'presets: empty name': { args: ['presets', '--describe', ''], says: /unknown preset ""/ },

  // schema
  'schema: --out is a directory': { args: ['schema', '--out', at('a-dir')], says: /--out: expected a file.*a-dir.*a directory/ },
  'schema: --out under a file': { args: ['schema', '--out', join(at('notes.txt'), 'schema.json')], says: /--out: expected a file.*notes\.txt.*a file/ },
  'schema: --out empty': { args: ['schema', '--out', ''], says: /--out: expected a file.*given ""/ },

  // report and compare
  'report: missing dir': { args: ['report', at('nope-dir')], says: /nope-dir/ },
  'report: a file': { args: ['report', at('notes.txt')], says: /report: run or sweep directory: expected a directory, given ".*notes\.txt", a file/ },
  'report: --out is a file': { args: ['report', at('empty-dir'), '--out', at('notes.txt')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'report: an empty dir': { args: ['report', at('empty-dir')], says: /summary\.json not found in run directory/ },
  'report: several without --out': { args: ['report', at('empty-dir'), at('a-dir')], says: /--out/ },
  'compare: missing dirs': { args: ['compare', at('nope-1'), at('nope-2'), '--out', OUT('c1')], says: /nope-1/, out: OUT('c1') },
  'compare: files as dirs': { args: ['compare', at('notes.txt'), at('good.yaml'), '--out', OUT('c2')], says: /notes\.txt/, out: OUT('c2') },
  'compare: one dir': { args: ['compare', at('empty-dir'), '--out', OUT('c3')], says: /two or more|at least two/, out: OUT('c3') },
  'compare: --out is a file': { args: ['compare', at('empty-dir'), at('a-dir'), '--out', at('notes.txt')], says: /--out: expected a directory.*notes\.txt.*a file/ },
  'compare: no --out': { args: ['compare', at('empty-dir'), at('a-dir')], says: /required option.*--out/ },
  'merge: missing dirs': { args: ['merge', at('nope-1'), '--out', OUT('m1')], says: /nope-1/, out: OUT('m1') },
  'merge: --out is a file': { args: ['merge', at('empty-dir'), '--out', at('notes.txt')], says: /--out: expected a directory.*notes\.txt.*a file/ },

  // transfer
  'transfer: --bytes negative': { args: [...T, '--bytes', '-5'], says: /--bytes.*"-5"/ },
  'transfer: --bytes NaN': { args: [...T, '--bytes', 'NaN'], says: /--bytes.*"NaN"/ },
  'transfer: --bytes 1e308': { args: [...T, '--bytes', '1e308'], says: /--bytes.*1e308/ },
  'transfer: --bytes too many packets': { args: [...T, '--bytes', '1e15', '--fidelity', 'packet'], says: /--bytes.*1e15/ },
  'transfer: --bytes empty': { args: [...T, '--bytes', ''], says: /--bytes.*""/ },
  'transfer: --bytes fraction': { args: [...T, '--bytes', '1.5'], says: /--bytes.*1\.5/ },
  'transfer: --bytes words': { args: [...T, '--bytes', 'lots'], says: /--bytes.*lots/ },
  'transfer: --senders 0': { args: [...T, '--bytes', '1000', '--senders', '0'], says: /--senders.*"0"/ },
  'transfer: --senders -1': { args: [...T, '--bytes', '1000', '--senders', '-1'], says: /--senders.*"-1"/ },
  'transfer: --senders 1e308': { args: [...T, '--bytes', '1000', '--senders', '1e308'], says: /--senders.*"1e308"/ },
  'transfer: --senders NaN': { args: [...T, '--bytes', '1000', '--senders', 'NaN'], says: /--senders.*"NaN"/ },
  'transfer: --senders empty': { args: [...T, '--bytes', '1000', '--senders', ''], says: /--senders.*""/ },
  'transfer: --runs 0': { args: [...T, '--bytes', '1000', '--runs', '0'], says: /--runs.*"0"/ },
  'transfer: --runs 1e308': { args: [...T, '--bytes', '1000', '--runs', '1e308'], says: /--runs.*"1e308"/ },
  'transfer: --runs NaN': { args: [...T, '--bytes', '1000', '--runs', 'NaN'], says: /--runs.*"NaN"/ },
  'transfer: --seed -1': { args: [...T, '--bytes', '1000', '--seed', '-1'], says: /--seed.*"-1"/ },
  'transfer: --seed 1e308': { args: [...T, '--bytes', '1000', '--seed', '1e308'], says: /--seed.*"1e308"/ },
  'transfer: --seed words': { args: [...T, '--bytes', '1000', '--seed', 'abc'], says: /--seed.*"abc"/ },
  'transfer: unknown preset': { args: ['transfer', '--preset', 'nope', '--bytes', '1000'], says: /--preset: unknown link preset "nope"/ },
  'transfer: empty preset': { args: ['transfer', '--preset', '', '--bytes', '1000'], says: /--preset: unknown link preset ""/ },
  'transfer: --set without =': { args: [...T, '--bytes', '1000', '--set', 'junk'], says: /--set: expected field=value, given "junk"/ },
  'transfer: --set unknown field': { args: [...T, '--bytes', '1000', '--set', 'bandwidthBpz=1e6'], says: /bandwidthBpz/ },
  'transfer: --set negative rate': { args: [...T, '--bytes', '1000', '--set', 'bandwidthBps=-1'], says: /bandwidthBps/ },
  'transfer: --set rate a word': { args: [...T, '--bytes', '1000', '--set', 'bandwidthBps=fast'], says: /bandwidthBps/ },
  'transfer: --set rate 1e308': { args: [...T, '--bytes', '1000', '--set', 'bandwidthBps=1e999'], says: /bandwidthBps/ },
  'transfer: --set NaN latency': { args: [...T, '--bytes', '1000', '--set', 'latencyS=.nan'], says: /latencyS/ },
  'transfer: --set bad YAML': { args: [...T, '--bytes', '1000', '--set', 'framing.headers=[unclosed'], says: /--set.*framing\.headers/ },
  'transfer: --fidelity bogus': { args: [...T, '--bytes', '1000', '--fidelity', 'bogus'], says: /--fidelity: expected .*given "bogus"/ },
  'transfer: --flow-pipeline bogus': { args: [...T, '--bytes', '1000', '--flow-pipeline', 'bogus'], says: /--flow-pipeline: expected "packet" or "fluid", given "bogus"/ },
  'transfer: --bottleneck-preset unknown': { args: [...T, '--bytes', '1000', '--bottleneck-preset', 'nope'], says: /--bottleneck-preset: unknown link preset "nope"/ },
  'transfer: --traffic missing': { args: [...T, '--traffic', at('nope.csv')], says: /--traffic: cannot read .*nope\.csv/ },
  'transfer: --traffic a directory': { args: [...T, '--traffic', at('a-dir')], says: /--traffic: .*a-dir/ },
  'transfer: --traffic not UTF-8': { args: [...T, '--traffic', at('traffic-latin1.csv')], says: /traffic-latin1\.csv.*UTF-8/ },
  'transfer: --traffic a device': { args: [...T, '--traffic', '/dev/zero'], says: /--traffic: expected a file, given "\/dev\/zero", not a regular file/ },
  'transfer: --traffic empty': { args: [...T, '--traffic', at('traffic-empty.csv')], says: /traffic-empty\.csv/ },
  'transfer: --traffic negative bytes': { args: [...T, '--traffic', at('traffic-neg.csv')], says: /traffic-neg\.csv.*-5/ },
  'transfer: --traffic 1e308 bytes': { args: [...T, '--traffic', at('traffic-huge.csv')], says: /traffic-huge\.csv.*1e308/ },
  'transfer: --traffic NaN start': { args: [...T, '--traffic', at('traffic-nan.csv')], says: /traffic-nan\.csv.*NaN/ },
  'transfer: --bytes and --traffic': { args: [...T, '--bytes', '10', '--traffic', at('traffic-neg.csv')], says: /either --bytes or --traffic/ },
  'transfer: no --preset': { args: ['transfer', '--bytes', '1000'], says: /required option '--preset/ },

  // collective
  'collective: unknown algorithm': {
    args: ['collective', 'ring-allreduc', '--workers', '4', '--bytes', '1000'],
    says: /collective: expected one of .*given "ring-allreduc".*did you mean "ring-allreduce"/,
  },
  'collective: --workers 0': { args: ['collective', 'ring-allreduce', '--workers', '0', '--bytes', '1000'], says: /--workers.*"0"/ },
  'collective: --workers -4': { args: ['collective', 'ring-allreduce', '--workers', '-4', '--bytes', '1000'], says: /--workers.*"-4"/ },
  'collective: --workers 1e308': { args: ['collective', 'ring-allreduce', '--workers', '1e308', '--bytes', '1000'], says: /--workers.*"1e308"/ },
  'collective: --workers NaN': { args: ['collective', 'ring-allreduce', '--workers', 'NaN', '--bytes', '1000'], says: /--workers.*"NaN"/ },
  'collective: --workers empty': { args: ['collective', 'ring-allreduce', '--workers', '', '--bytes', '1000'], says: /--workers.*""/ },
  'collective: --bytes -1': { args: ['collective', 'ring-allreduce', '--workers', '4', '--bytes', '-1'], says: /--bytes.*"-1"/ },
  'collective: --bytes 1e308': { args: ['collective', 'ring-allreduce', '--workers', '4', '--bytes', '1e308'], says: /--bytes.*"1e308"/ },
  'collective: --bytes NaN': { args: ['collective', 'ring-allreduce', '--workers', '4', '--bytes', 'NaN'], says: /--bytes.*"NaN"/ },
  'collective: --topology bogus': { args: [...C, '--topology', 'mesh'], says: /--topology: expected one of .*given "mesh"/ },
  'collective: --group-size 0': { args: [...C, '--topology', 'tree', '--group-size', '0'], says: /--group-size.*"0"/ },
  'collective: --group-size 1e308': { args: [...C, '--topology', 'tree', '--group-size', '1e308'], says: /--group-size.*"1e308"/ },
  'collective: --seed NaN': { args: [...C, '--seed', 'NaN'], says: /--seed.*"NaN"/ },
  'collective: --fidelity bogus': { args: [...C, '--fidelity', 'exact'], says: /--fidelity: expected one of .*given "exact"/ },
  'collective: --set junk': { args: [...C, '--set', 'junk'], says: /--set: expected field=value, given "junk"/ },
  'collective: --server-preset unknown': { args: [...C, '--topology', 'star', '--server-preset', 'nope'], says: /--server-preset: unknown link preset "nope"/ },
  'collective: --set-server without preset': { args: [...C, '--set-server', 'latencyS=1'], says: /--set-server needs --server-preset/ },
  // a value quoted as JSON and cut: quotes and newlines escaped, a long one not echoed whole
  'collective: --topology with a quote and a newline': { args: [...C, '--topology', 'me"sh\nx'], says: /--topology: expected one of .*given "me\\"sh\\nx"/ },
  'collective: --set a long junk': { args: [...C, '--set', 'j'.repeat(100_000)], says: /--set: expected field=value, given "j{119}…"/ },
  'collective: --flow-pipeline bogus': { args: [...C, '--flow-pipeline', 'x'], says: /--flow-pipeline: expected "packet" or "fluid", given "x"/ },

  // the program
  'unknown command': { args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
};

/** The CLI's exit code and output (async, so cases run two at a time on this 2-core machine); killed after 30 s. */
function gradwire(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, timeout: 30_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('hostile input on every command', () => {
  it(`refuses each of ${Object.keys(CASES).length} cases with exit 2, the flag or file named, no stack trace, nothing written`, async () => {
    const notes = readFileSync(at('notes.txt'), 'utf8');
    const before = new Set(readdirSync(dir));
    const entries = Object.entries(CASES);
    const failures: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < entries.length) {
        const [name, c] = entries[next++]!;
        const t0 = performance.now();
        const r = await gradwire(c.args);
        if (process.env.HOSTILE_LOG) process.stderr.write(`TIME ${name} ${Math.round(performance.now() - t0)} ms\n`);
        const problems: string[] = [];
        if (r.status !== 2) problems.push(`exit ${r.status}`);
        if (!c.says.test(r.stderr)) problems.push(`stderr does not match ${c.says}`);
        if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr) || /gradwire: internal error/.test(r.stderr)) problems.push('stack trace or internal error');
        if (c.out !== undefined && existsSync(c.out)) problems.push(`wrote ${c.out}`);
        if (problems.length > 0 && process.env.HOSTILE_LOG) process.stderr.write(`FAIL ${name}: ${problems.join('; ')}\n    ${r.stderr.trim().split('\n').slice(0, 3).join('\n    ')}\n`);
        if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}\n    ${r.stderr.trim().split('\n').slice(0, 3).join('\n    ')}`);
      }
    };
    await Promise.all([lane(), lane()]);
    expect(failures.join('\n')).toBe('');
    // nothing new beside the fixtures, and the file given as --out is untouched
    expect([...new Set(readdirSync(dir))].filter((f) => !before.has(f))).toEqual([]);
    expect(readFileSync(at('notes.txt'), 'utf8')).toBe(notes);
  }, 600_000);
});

describe('output into a pipe that closes early', () => {
  it('ends quietly (exit 0, no stack trace) when the reader stops, as `gradwire collective gather … | head -1` does', async () => {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'collective', 'gather', '--workers', '2000', '--bytes', '1'], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // read the first chunk, then close our end: the CLI's next writes fail with EPIPE
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
