/** RouterOS version strings ("7.19.6", "6.42", "7.18beta2") compared by their numeric parts. */

function numericParts(version: string): number[] {
  const match = /^(\d+(?:\.\d+)*)/.exec(version.trim());
  if (!match) throw new RangeError(`not a RouterOS version: ${JSON.stringify(version)}`);
  return match[1]!.split('.').map(Number);
}

/** True when `version` is `minimum` or later (missing parts count as 0). */
export function isVersionAtLeast(version: string, minimum: string): boolean {
  const a = numericParts(version);
  const b = numericParts(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** Throws a RangeError unless `version` starts with a dotted number. */
export function assertVersion(version: string): void {
  numericParts(version);
}
