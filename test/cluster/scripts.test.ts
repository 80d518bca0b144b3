import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../temp-dirs.js';
import { parseAllDocuments } from 'yaml';
import { denseSweep } from '../sweep/fixtures.js';

// What runs on a cluster, checked without one: the Kubernetes manifests (scripts/kubernetes) parsed and held to
// the batch/v1 Job fields they use, their container commands run here as the pods would run them, and the Slurm
// batch scripts' arguments and exit codes with a stand-in gradwire. test/cluster/slurm.test.ts runs the Slurm
// path on a real (single-node) cluster.

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const K8S = join(ROOT, 'scripts/kubernetes');
const SLURM = join(ROOT, 'scripts/slurm');

type Obj = Record<string, unknown>;

function command(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}
const tmp = tempDirs('gradwire-cluster-scripts-');

function manifest(name: string): Obj {
  const docs = parseAllDocuments(readFileSync(join(K8S, name), 'utf8'));
  expect(docs).toHaveLength(1);
  expect(docs[0]!.errors).toEqual([]);
  expect(docs[0]!.warnings).toEqual([]);
  return docs[0]!.toJS() as Obj;
}

// The fields of the batch/v1 Job API (Kubernetes 1.29 – 1.33) an object may hold, for the kinds the manifests
// use: a misspelt field (kubectl --validate=strict refuses it; an older kubectl drops it silently) fails here.
const FIELDS: Record<string, readonly string[]> = {
  Job: ['apiVersion', 'kind', 'metadata', 'spec'],
  ObjectMeta: ['name', 'namespace', 'generateName', 'labels', 'annotations'],
  JobSpec: [
    'activeDeadlineSeconds',
    'backoffLimit',
    'backoffLimitPerIndex',
    'completionMode',
    'completions',
    'managedBy',
    'manualSelector',
    'maxFailedIndexes',
    'parallelism',
    'podFailurePolicy',
    'podReplacementPolicy',
    'selector',
    'successPolicy',
    'suspend',
    'template',
    'ttlSecondsAfterFinished',
  ],
  PodFailurePolicy: ['rules'],
  PodFailurePolicyRule: ['action', 'onExitCodes', 'onPodConditions'],
  OnExitCodes: ['containerName', 'operator', 'values'],
  OnPodCondition: ['type', 'status'],
  PodTemplateSpec: ['metadata', 'spec'],
  PodSpec: [
    'activeDeadlineSeconds',
    'affinity',
    'containers',
    'imagePullSecrets',
    'initContainers',
    'nodeSelector',
    'priorityClassName',
    'restartPolicy',
    'securityContext',
    'serviceAccountName',
    'terminationGracePeriodSeconds',
    'tolerations',
    'volumes',
  ],
  Container: ['name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'env', 'envFrom', 'resources', 'volumeMounts', 'securityContext'],
  EnvVar: ['name', 'value', 'valueFrom'],
  ResourceRequirements: ['requests', 'limits', 'claims'],
  VolumeMount: ['name', 'mountPath', 'readOnly', 'subPath', 'subPathExpr', 'mountPropagation'],
  Volume: ['name', 'persistentVolumeClaim', 'nfs', 'emptyDir', 'configMap', 'secret', 'hostPath'],
  PersistentVolumeClaimVolumeSource: ['claimName', 'readOnly'],
};

/** Every field a manifest holds that its kind does not have, as paths. */
function unknownFields(job: Obj): string[] {
  const bad: string[] = [];
  const check = (o: unknown, kind: string, at: string) => {
    expect(typeof o === 'object' && o !== null && !Array.isArray(o), `${at} is a mapping`).toBe(true);
    for (const k of Object.keys(o as Obj)) if (!FIELDS[kind]!.includes(k)) bad.push(`${at}.${k}`);
  };
  const each = (list: unknown, kind: string, at: string, inner?: (o: Obj, at: string) => void) => {
    expect(Array.isArray(list), `${at} is a list`).toBe(true);
    (list as Obj[]).forEach((o, i) => {
      check(o, kind, `${at}[${i}]`);
      inner?.(o, `${at}[${i}]`);
    });
  };
  check(job, 'Job', 'job');
  check(job.metadata, 'ObjectMeta', 'metadata');
  const spec = job.spec as Obj;
  check(spec, 'JobSpec', 'spec');
  if (spec.podFailurePolicy !== undefined) {
    check(spec.podFailurePolicy, 'PodFailurePolicy', 'spec.podFailurePolicy');
    each((spec.podFailurePolicy as Obj).rules, 'PodFailurePolicyRule', 'spec.podFailurePolicy.rules', (r, at) => {
      if (r.onExitCodes !== undefined) check(r.onExitCodes, 'OnExitCodes', `${at}.onExitCodes`);
      if (r.onPodConditions !== undefined) each(r.onPodConditions, 'OnPodCondition', `${at}.onPodConditions`);
    });
  }
  const template = spec.template as Obj;
  check(template, 'PodTemplateSpec', 'spec.template');
  if (template.metadata !== undefined) check(template.metadata, 'ObjectMeta', 'spec.template.metadata');
  const pod = template.spec as Obj;
  check(pod, 'PodSpec', 'spec.template.spec');
  each(pod.containers, 'Container', 'containers', (c, at) => {
    if (c.env !== undefined) each(c.env, 'EnvVar', `${at}.env`);
    if (c.resources !== undefined) check(c.resources, 'ResourceRequirements', `${at}.resources`);
    if (c.volumeMounts !== undefined) each(c.volumeMounts, 'VolumeMount', `${at}.volumeMounts`);
  });
  if (pod.volumes !== undefined) {
    each(pod.volumes, 'Volume', 'volumes', (v, at) => {
      if (v.persistentVolumeClaim !== undefined) check(v.persistentVolumeClaim, 'PersistentVolumeClaimVolumeSource', `${at}.persistentVolumeClaim`);
    });
  }
  return bad;
}

interface Container {
  name: string;
  image: string;
  command: string[];
  args: string[];
  env: { name: string; value: string }[];
  resources: { requests: Obj; limits: Obj };
  volumeMounts: { name: string; mountPath: string }[];
}
const pod = (job: Obj) =>
  (job.spec as { template: { spec: { restartPolicy: string; containers: Container[]; volumes: { name: string; persistentVolumeClaim: { claimName: string } }[] } } }).template.spec;
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

describe('the Kubernetes manifests', () => {
  const sweep = manifest('sweep-job.yaml');
  const merge = manifest('merge-job.yaml');

  it('are batch/v1 Jobs with only the fields of the API, valid values and names', () => {
    for (const job of [sweep, merge]) {
      expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job' });
      expect(unknownFields(job)).toEqual([]);
      expect((job.metadata as Obj).name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      const p = pod(job);
      expect(['Never', 'OnFailure']).toContain(p.restartPolicy);
      for (const c of p.containers) {
        expect(c.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        for (const q of [...Object.values(c.resources.requests), ...Object.values(c.resources.limits)]) expect(String(q)).toMatch(QUANTITY);
        for (const e of c.env) expect(typeof e.value, `env ${e.name} is a string`).toBe('string');
        // every mount names a volume of the pod
        for (const m of c.volumeMounts) expect(p.volumes.map((v) => v.name)).toContain(m.name);
      }
    }
  });

  it('sweep-job.yaml: an Indexed Job of N completions, shard JOB_COMPLETION_INDEX + 1 of N, resumable, one pod per index at a time', () => {
    const spec = sweep.spec as Obj;
    expect(spec.completionMode).toBe('Indexed');
    expect(Number.isInteger(spec.completions) && (spec.completions as number) >= 1).toBe(true);
    expect(spec.parallelism as number).toBeLessThanOrEqual(spec.completions as number);
    const p = pod(sweep);
    // backoffLimitPerIndex and podFailurePolicy need restartPolicy Never; with podFailurePolicy, podReplacementPolicy must be Failed
    expect(p.restartPolicy).toBe('Never');
    expect(spec.podReplacementPolicy).toBe('Failed');
    const [c] = p.containers;
    expect(envOf(c!).N).toBe(String(spec.completions));
    const rules = (spec.podFailurePolicy as { rules: { action: string; onExitCodes?: { containerName: string; operator: string; values: number[] }; onPodConditions?: { type: string }[] }[] }).rules;
    for (const r of rules) {
      expect(['FailJob', 'FailIndex', 'Ignore', 'Count']).toContain(r.action);
      expect((r.onExitCodes === undefined) !== (r.onPodConditions === undefined), 'a rule has onExitCodes or onPodConditions').toBe(true);
      if (r.onExitCodes) {
        expect(p.containers.map((x) => x.name)).toContain(r.onExitCodes.containerName);
        expect(['In', 'NotIn']).toContain(r.onExitCodes.operator);
        expect(r.onExitCodes.values.every((v) => Number.isInteger(v) && v > 0)).toBe(true);
      }
    }
    expect(rules.find((r) => r.action === 'FailJob')!.onExitCodes!.values).toEqual([2]);
    const script = c!.args.join('\n');
    expect(c!.command).toEqual(['/bin/sh', '-c']);
    expect(script).toContain('I=$((JOB_COMPLETION_INDEX + 1))');
    expect(script).toMatch(/gradwire sweep "\$STUDY\/study\.yaml" --shard "\$I\/\$N" --out "\$STUDY\/shards\/\$I" --threads (\d+) --resume/);
    // --threads is the CPU limit, requests = limits
    expect(script.match(/--threads (\d+)/)![1]).toBe(String(c!.resources.limits.cpu));
    expect(c!.resources.requests).toEqual(c!.resources.limits);
  });

  it('merge-job.yaml: the same study, image and volume; merges shards/*/ into merged/', () => {
    const [s] = pod(sweep).containers;
    const [m] = pod(merge).containers;
    expect(m!.image).toBe(s!.image);
    expect(envOf(m!).STUDY).toBe(envOf(s!).STUDY);
    expect(pod(merge).volumes).toEqual(pod(sweep).volumes);
    expect(m!.volumeMounts).toEqual(s!.volumeMounts);
    expect(envOf(s!).STUDY!.startsWith(`${s!.volumeMounts[0]!.mountPath}/`)).toBe(true);
    expect(m!.args.join('\n')).toContain('gradwire merge "$STUDY"/shards/*/ --out "$STUDY/merged"');
    expect((merge.spec as Obj).backoffLimit).toBe(0);
  });

  it('their container commands, run here as the pods would run them, give the unsharded sweep byte for byte', async () => {
    const dir = tmp();
    const study = join(dir, 'studies', 'small');
    mkdirSync(study, { recursive: true });
    writeFileSync(join(study, 'study.yaml'), denseSweep('  grid:\n    workers.count: [2, 3, 4, 5]\n', 'small'));
    // `gradwire` as the image installs it: a command on PATH
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'gradwire'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'gradwire'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, STUDY: study, N: '3' };
    const [s] = pod(sweep).containers;
    const [m] = pod(merge).containers;
    // the three pods at once, and the whole sweep alongside
    const runs = await Promise.all([
      ...[0, 1, 2].map((index) => command(s!.command[0]!, [...s!.command.slice(1), ...s!.args], { ...env, JOB_COMPLETION_INDEX: String(index) })),
      command(process.execPath, [CLI, 'sweep', join(study, 'study.yaml'), '--out', join(dir, 'whole'), '--threads', '1'], process.env),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(study, 'shards')).sort()).toEqual(['1', '2', '3']);
    const r = spawnSync(m!.command[0]!, [...m!.command.slice(1), ...m!.args], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/4 point\(s\) in 3 shard\(s\): 4 completed/);
    for (const f of ['sweep.csv', 'sweep.json', 'sweep.arrow']) {
      expect(readFileSync(join(study, 'merged', f)).equals(readFileSync(join(dir, 'whole', f))), f).toBe(true);
    }
  });
});

describe('the Slurm scripts', () => {
  it('parse (bash -n)', () => {
    for (const f of ['sweep.sbatch', 'merge.sbatch', 'submit.sh', 'local-cluster.sh']) {
      const r = spawnSync('bash', ['-n', join(SLURM, f)], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
  });

  /** sweep.sbatch run as array task `task`, with a stand-in gradwire that records its arguments and exits `code`. */
  function sweepTask(task: string, code: number, args = ['/s/study.yaml', '/s', '16']) {
    const dir = tmp();
    const stub = join(dir, 'gradwire-stub');
    writeFileSync(stub, `#!/bin/sh\necho "$@" > "${join(dir, 'args')}"\nexit ${code}\n`);
    chmodSync(stub, 0o755);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GRADWIRE: stub, SLURM_CPUS_PER_TASK: '8' };
    if (task !== '') env.SLURM_ARRAY_TASK_ID = task;
    const r = spawnSync('bash', [join(SLURM, 'sweep.sbatch'), ...args], { env, encoding: 'utf8' });
    let recorded = '';
    try {
      recorded = readFileSync(join(dir, 'args'), 'utf8').trim();
    } catch {
      // not called
    }
    return { status: r.status, stderr: r.stderr, args: recorded };
  }

  it('sweep.sbatch: array task i runs shard i of N into <dir>/shards/i with --resume; exit 1 (a run diverged) passes, 2 and 130 fail', () => {
    const ok = sweepTask('4', 0);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.args).toBe('sweep /s/study.yaml --shard 4/16 --out /s/shards/4 --threads 8 --resume');
    expect(sweepTask('4', 1).status).toBe(0);
    expect(sweepTask('4', 2).status).toBe(2);
    expect(sweepTask('4', 130).status).toBe(130);
    // not an array task, or wrong arguments: refused before gradwire runs
    const notArray = sweepTask('', 0);
    expect(notArray.status).not.toBe(0);
    expect(notArray.stderr).toContain('submit as a job array');
    expect(notArray.args).toBe('');
    const usage = sweepTask('1', 0, ['/s/study.yaml']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: sbatch --array=1-N sweep.sbatch');
  });

  it('submit.sh: refuses a missing --shards or a malformed --only before submitting anything', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'study.yaml'), 'name: x\n');
    // no SLURM_CONF: were sbatch reached, it would fail with another message (or no sbatch at all)
    const env = { PATH: '/usr/bin:/bin' };
    const noShards = spawnSync(join(SLURM, 'submit.sh'), [join(dir, 'study.yaml'), dir], { env, encoding: 'utf8' });
    expect(noShards.status).toBe(2);
    expect(noShards.stderr).toContain('--shards N');
    const badOnly = spawnSync(join(SLURM, 'submit.sh'), ['--shards', '3', '--only', '2;rm', join(dir, 'study.yaml'), dir], { env, encoding: 'utf8' });
    expect(badOnly.status).toBe(2);
    expect(badOnly.stderr).toContain('--only 2;rm');
    expect(readdirSync(dir)).toEqual(['study.yaml']);
  });
});
