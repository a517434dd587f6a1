// Override banner timing (pure).

/**
 * Minutes left of an override: the sensor's value less the time since it was written, so the
 * banner counts down between the controller's updates. Null when the override has no end.
 */
export function remainingMinutes(state: number | null, lastUpdated: string | undefined, nowMs: number): number | null {
  if (state === null) return null;
  const written = Date.parse(lastUpdated ?? "");
  const elapsed = Number.isFinite(written) ? Math.max(0, (nowMs - written) / 60000) : 0;
  return Math.max(0, state - elapsed);
}
