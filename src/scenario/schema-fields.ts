import { z } from 'zod';

/**
 * Field helpers of the scenario schema: every number is declared with its
 * unit ('1' for dimensionless quantities and counts).
 */

/** A number > 0 in `unit`. */
export const positive = (unit: string, doc: string) => z.number().positive().meta({ unit }).describe(doc);
/** A number ≥ 0 in `unit`. */
export const nonNegative = (unit: string, doc: string) => z.number().nonnegative().meta({ unit }).describe(doc);
/** A whole number ≥ 1 (a count; unit '1' unless said). */
export const count = (doc: string, unit = '1') => z.number().int().positive().meta({ unit }).describe(doc);
/** Any number in `unit` (bounds added by the caller). */
export const unit = (u: string, doc: string) => z.number().meta({ unit: u }).describe(doc);
