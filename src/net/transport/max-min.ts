import { netErrors } from '../messages.js';

/**
 * Max-min fair rates by progressive filling (water-filling), exact and
 * deterministic. Pure: no simulation state, no units beyond "capacity per
 * unit time" (the flow transport passes bit/s).
 *
 * All unfrozen flows grow at the same rate until some link is saturated; the
 * flows crossing that link are frozen at its fair share, their use is taken
 * off every link they cross, and filling goes on with the rest. Each step
 * picks the link with the smallest fair share `remaining / unfrozen crossings`,
 * scanning links in index order so the first of equal shares wins; frozen
 * flows are visited in flow-index order. The result is the unique max-min fair
 * allocation (Bertsekas & Gallager, *Data Networks*, 2nd ed., §6.5.2).
 *
 * @param capacities capacity of each link (finite, > 0)
 * @param flows each flow's links, as indices into `capacities`; a link listed
 *   twice is crossed twice (the flow uses twice its rate there). Every flow
 *   must cross at least one link.
 * @returns each flow's rate, in the unit of `capacities`, in flow order
 */
export function maxMinRates(capacities: readonly number[], flows: readonly (readonly number[])[]): number[] {
  const linkCount = capacities.length;
  const remaining = new Float64Array(linkCount);
  capacities.forEach((c, l) => {
    if (!(c > 0) || !Number.isFinite(c)) throw new RangeError(netErrors.maxMinCapacity(l, c));
    remaining[l] = c;
  });
  // Unfrozen crossings per link, and each link's flows in flow order.
  const crossings = new Int32Array(linkCount);
  const linkFlows: number[][] = Array.from({ length: linkCount }, () => []);
  flows.forEach((links, f) => {
    if (links.length === 0) throw new RangeError(netErrors.maxMinNoLink(f));
    for (const l of links) {
      if (!(l >= 0 && l < linkCount) || !Number.isInteger(l)) throw new RangeError(netErrors.maxMinBadLink(f, l, linkCount));
      crossings[l]! += 1;
      const list = linkFlows[l]!;
      if (list[list.length - 1] !== f) list.push(f);
    }
  });

  const rates: number[] = new Array<number>(flows.length).fill(0);
  const frozen = new Uint8Array(flows.length);
  let unfrozen = flows.length;
  while (unfrozen > 0) {
    let bottleneck = -1;
    let share = Infinity;
    for (let l = 0; l < linkCount; l++) {
      const n = crossings[l]!;
      if (n === 0) continue;
      const s = remaining[l]! / n;
      if (s < share) {
        share = s;
        bottleneck = l;
      }
    }
    // Every unfrozen flow crosses a link with unfrozen crossings, so a bottleneck exists.
    share = Math.max(0, share);
    for (const f of linkFlows[bottleneck]!) {
      if (frozen[f] === 1) continue;
      frozen[f] = 1;
      unfrozen--;
      rates[f] = share;
      for (const l of flows[f]!) {
        remaining[l] = Math.max(0, remaining[l]! - share);
        crossings[l]! -= 1;
      }
    }
    // Saturated exactly: no rounding residue left for later steps.
    remaining[bottleneck] = 0;
  }
  return rates;
}
