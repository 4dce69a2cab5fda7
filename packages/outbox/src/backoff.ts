/**
 * The wait before attempt `attempt + 1`: exponential from `baseMs`, capped at `maxMs`, with the wait drawn at
 * random between the base and that ceiling, so a relay outage does not bring every queued message back in the
 * same second ("full jitter", with the base as a floor so a retry never comes back at once).
 *
 *   backoffDelay(1, 5_000, 3_600_000) // 5 s;  backoffDelay(4, …) // between 5 s and 40 s
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random) {
  const floor = Math.min(baseMs, maxMs);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 40));
  return Math.round(floor + random() * Math.max(0, ceiling - floor));
}

/**
 * When to try again after a temporary failure, or null once the next try would land past the retry horizon
 * (counted from when the message was queued): then the message is dead.
 */
export function nextAttemptAt(
  attempt: number,
  createdAt: Date,
  now: Date,
  settings: { backoffBaseMs: number; backoffMaxMs: number; retryHorizonMs: number },
  random: () => number = Math.random,
): Date | null {
  const next = now.getTime() + backoffDelay(attempt, settings.backoffBaseMs, settings.backoffMaxMs, random);
  return next > createdAt.getTime() + settings.retryHorizonMs ? null : new Date(next);
}
