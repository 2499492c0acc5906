/**
 * Times as the old service wrote them in its answers: `datetime.utcnow().isoformat()`, a UTC time
 * without an offset (`2026-05-03T18:22:13.123`). Old portals parse exactly this form.
 */
export function naiveUtc(date: Date): string {
  return date.toISOString().slice(0, -1);
}
