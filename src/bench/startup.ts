import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compared, emit, pairedMedians } from './harness.js';

/**
 * Start-up (issue #13): each case is a whole process, spawned and waited
 * for, so `ms` is what a user waits for at the shell — Node's own start-up,
 * loading the modules the command imports, the work, and exit. The cases:
 * `node -e 0` (the floor: Node with nothing to load), `gradwire presets`
 * (the preset table), and a one-packet `gradwire transfer` (1,000 bytes over
 * one Ethernet link at packet fidelity). They alternate round by round
 * ({@link pairedMedians}), so a slow spell of the machine hits all three, and
 * each gradwire case carries `baseline: "node-e-0"` and `ratio`, the median
 * over rounds of its time over `node -e 0`'s in the same round. Targets: ≤ 300 ms and ≤ 4 × `node -e 0`.
 */
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Rounds of the three processes (after one untimed warm-up round). */
const ROUNDS = 15;
const TARGET_MS = 300;
const TARGET_RATIO = 4;

const CASES: readonly { name: string; args: readonly string[]; check?: (stdout: string) => void }[] = [
  { name: 'node-e-0', args: ['-e', '0'] },
  { name: 'presets', args: [CLI, 'presets'], check: (out) => assert(out.includes('ethernet-1g-udp'), 'presets: no ethernet-1g-udp in the table') },
  {
    name: 'transfer-1-packet',
    args: [CLI, 'transfer', '--preset', 'ethernet-1g-udp', '--bytes', '1000', '--fidelity', 'packet', '--json'],
    check: (out) => {
      const r = JSON.parse(out) as { fidelity: string; packets: { mean: number } };
      assert(r.fidelity === 'packet' && r.packets.mean === 1, `transfer: expected one packet at packet fidelity, got ${r.packets.mean} at ${r.fidelity}`);
    },
  },
];

function assert(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(`startup bench: ${message}`);
}

/** Run one case's process to its end; its stdout (checked on the last call). */
function spawnCase(c: (typeof CASES)[number]): string {
  const r = spawnSync(process.execPath, c.args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert(r.status === 0, `${c.name} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}

export function runStartupBench(): void {
  const timing = pairedMedians(
    CASES.map((c) => () => spawnCase(c)),
    ROUNDS,
  );
  CASES.forEach((c, j) => c.check?.(timing.results[j] as string));
  const floor = timing.ms[0] as number;
  CASES.forEach((c, j) => {
    const ms = timing.ms[j] as number;
    if (j === 0) {
      emit({ bench: 'startup', case: c.name, command: `node ${c.args.join(' ')}`, rounds: ROUNDS, ms });
      return;
    }
    const vsNode = compared(timing, j, 0, CASES[0]!.name);
    emit({
      bench: 'startup',
      case: c.name,
      command: `gradwire ${c.args.slice(1).join(' ')}`,
      rounds: ROUNDS,
      ms,
      nodeMs: floor,
      ...vsNode,
      targetMs: TARGET_MS,
      targetRatio: TARGET_RATIO,
      meets: ms <= TARGET_MS && vsNode.ratio <= TARGET_RATIO,
    });
  });
}
