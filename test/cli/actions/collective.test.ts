import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const gradwire = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('gradwire collective (issue #14, item 7)', () => {
  it('ring all-reduce on a 1 GbE ring: 2(P−1) steps of one chunk’s train, by hand', () => {
    // 4 workers, 1e6 B: chunks of 250 000 B = 169 packets of 1472 B + one of 1232 B, each + 66 B of
    // UDP/IPv4/Ethernet framing (preamble, header, FCS, gap): 261 220 B on the wire per step;
    // a step is 261 220 × 8 / 1e9 s + 0.5 µs of propagation, and there are 6.
    const step = (261220 * 8) / 1e9 + 0.5e-6;
    for (const fidelity of ['packet', 'message', 'flow']) {
      const r = gradwire('collective', 'ring-allreduce', '--workers', '4', '--bytes', '1e6', '--topology', 'ring', '--fidelity', fidelity, '--json');
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.fidelity).toBe(fidelity);
      expect(out.endS).toBeCloseTo(6 * step, 12);
      expect(out.doneAtS['worker/3']).toBeCloseTo(6 * step, 12);
      expect(out.byLink['worker/0→worker/1']).toMatchObject({ wireBytes: 6 * 261220, packets: 6 * 170 });
    }
  });

  it('prints per-node completion and per-link bytes as a table', () => {
    const r = gradwire('collective', 'gather', '--workers', '3', '--bytes', '1000', '--topology', 'star');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gather on star: 4 participants, 1000 B; fidelity message; gather; 3 messages; done at/);
    expect(r.stdout).toMatch(/NODE\s+DONE \(s\)/);
    expect(r.stdout).toMatch(/switch→server\s+3198\s+3\s/); // 3 × (1000 + 66) B
  });

  it('takes a server preset of its own (here the star’s bottleneck at 100 Mb/s)', () => {
    const fast = JSON.parse(gradwire('collective', 'gather', '--workers', '2', '--bytes', '1e5', '--topology', 'star', '--json').stdout);
    const slow = JSON.parse(
      gradwire('collective', 'gather', '--workers', '2', '--bytes', '1e5', '--topology', 'star', '--server-preset', 'ethernet-1g-udp', '--set-server', 'bandwidthBps=1e8', '--json').stdout,
    );
    expect(slow.endS).toBeGreaterThan(5 * fast.endS);
  });

  const refused: [string, string[], RegExp][] = [
    ['an unknown collective', ['ring-alreduce', '--workers', '4', '--bytes', '10'], /collective: expected one of "ring-allreduce", .*given "ring-alreduce"; did you mean "ring-allreduce"\?/],
    ['an unknown topology', ['gather', '--workers', '4', '--bytes', '10', '--topology', 'mesh'], /--topology: expected one of/],
    [
      'a shared medium on a ring',
      ['allgather', '--workers', '4', '--bytes', '10', '--topology', 'ring', '--preset', 'ieee802154'],
      /--preset: the ring joins nodes by point-to-point links; "ieee802154" is a shared medium/,
    ],
    ['zero workers', ['gather', '--workers', '0', '--bytes', '10'], /--workers: expected a whole number in \[1, \d+\], given "0"/],
    ['a bad size', ['gather', '--workers', '2', '--bytes', '1.5'], /--bytes: expected a whole number ≥ 0, given "1.5"/],
    [
      'message fidelity on a shared medium',
      ['gather', '--workers', '2', '--bytes', '100', '--topology', 'star', '--preset', 'ieee802154', '--fidelity', 'message'],
      /--fidelity message: hop worker\/0→gateway\/ieee802154 is not a lossless FIFO link/,
    ],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 2 and no stack trace`, () => {
      const r = gradwire('collective', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a collective whose message is lost exits 1 (the run failed) with a message, not an internal error', () => {
    const r = gradwire(
      'collective',
      'gather',
      '--workers',
      '2',
      '--bytes',
      '100',
      '--set',
      'arq.packetErrorRate=0.5',
      '--set',
      'arq.maxRetries=0',
      '--set',
      'arq.timeoutS=1e-3',
      '--fidelity',
      'packet',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gradwire: collective gather did not finish: a message was lost/);
    expect(r.stderr).not.toContain('internal error');
  });

  it('loads no TensorFlow.js, Vega, Arrow or piscina', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'gradwire-startup-')), 'loads.txt');
    const r = spawnSync(process.execPath, ['--import', join(import.meta.dirname, '../trace-loads.mjs'), CLI, 'collective', 'broadcast', '--workers', '2', '--bytes', '100'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GRADWIRE_TRACE_LOADS: trace },
    });
    expect(r.status, r.stderr).toBe(0);
    const modules = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(modules.filter((m) => /node_modules\/(@tensorflow\/|vega|apache-arrow\/|piscina\/)/.test(m))).toEqual([]);
    expect(modules.some((m) => m.endsWith('/dist/src/cli/actions/collective.js'))).toBe(true);
  });
});
