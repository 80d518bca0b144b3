/** Events a run may simulate before it is refused as out of reach: hours of CPU at ~10⁶ events/s. */
export const MAX_EVENTS = 1e10;
