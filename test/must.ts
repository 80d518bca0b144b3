/** `x`, or — when it is undefined or null — a thrown error that fails the test naming `what`. */
export function must<T>(x: T | null | undefined, what: string): T {
  if (x === undefined || x === null) throw new Error(`expected ${what}, got ${x}`);
  return x;
}
