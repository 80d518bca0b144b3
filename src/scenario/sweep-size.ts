import { checkMessages as msg, type Problem } from './messages.js';
import type { Scenario } from './schema.js';

/**
 * The most points a sweep block may expand to. Every point is expanded,
 * validated and given a memory estimate before anything runs, at about
 * 1.5 ms a point here (`gradwire validate` of a 2000-point grid: 3.8 s), and
 * sweep.json lists them all: 10^5 points is minutes of checking; a grid of
 * three 1000-value axes (10^9) would hang validate for weeks.
 */
export const MAX_SWEEP_POINTS = 100_000;

/** A sweep block that expands to more than MAX_SWEEP_POINTS points, counted from its list lengths (nothing expanded). */
export function sweepSizeProblems(s: Scenario): Problem[] {
  const sweep = s.sweep;
  if (sweep === undefined) return [];
  const factors: [string, number][] = [
    ...Object.entries(sweep.grid).map(([path, values]) => [`grid ${JSON.stringify(path)}`, values.length] as [string, number]),
    ...sweep.zip.map((g, i) => [`zip[${i}]`, Math.max(0, ...Object.values(g).map((v) => v.length))] as [string, number]),
    ['seeds', sweep.seeds?.length ?? 1],
    ['repetitions', sweep.repetitions],
  ];
  const points = factors.reduce((n, [, k]) => n * k, 1);
  if (points <= MAX_SWEEP_POINTS) return [];
  return [
    msg.sweepTooLarge(
      MAX_SWEEP_POINTS,
      factors
        .filter(([, k]) => k !== 1)
        .map(([what, k]) => `${k} (${what})`)
        .join(' × '),
      points,
    ),
  ];
}
