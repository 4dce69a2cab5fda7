/** How an outbox worker paces itself. Milliseconds and counts only, so tests can run the whole retry story in seconds. */
export interface OutboxSettings {
  /** How long an idle worker waits before looking for due mail again. */
  pollIntervalMs: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** How long a claim holds a row; a worker that dies lets it go when this runs out. */
  leaseMs: number;
  /** First wait after a temporary failure, and the floor of every later one. */
  backoffBaseMs: number;
  /** The longest wait between two attempts (MAIL_RETRY_MAX_DELAY for mail). */
  backoffMaxMs: number;
  /** After this long since it was queued, a message that still fails temporarily is dead. */
  retryHorizonMs: number;
  /** Sends per second from this worker; 0 = unlimited. */
  ratePerSecond: number;
  /** Sends in flight at once (match the SMTP pool's maxConnections). */
  maxConnections: number;
}

export const DEFAULT_OUTBOX_SETTINGS: Readonly<OutboxSettings> = Object.freeze({
  pollIntervalMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 3_600_000,
  retryHorizonMs: 3 * 86_400_000,
  ratePerSecond: 10,
  maxConnections: 3,
});

/**
 * Fills in the defaults and refuses nonsense (a zero lease would let two workers send the same row).
 *
 *   outboxSettings({ backoffMaxMs: config.MAIL_RETRY_MAX_DELAY })
 */
export function outboxSettings(overrides: Partial<OutboxSettings> = {}): OutboxSettings {
  const settings = { ...DEFAULT_OUTBOX_SETTINGS };
  for (const [key, value] of Object.entries(overrides) as [keyof OutboxSettings, number | undefined][]) {
    if (value !== undefined) settings[key] = value;
  }
  for (const [key, value] of Object.entries(settings)) {
    const mayBeZero = key === "ratePerSecond";
    if (!Number.isFinite(value) || value < 0 || (!mayBeZero && value === 0)) {
      throw new RangeError(`outbox setting ${key} must be a positive number (got ${value})`);
    }
  }
  settings.batchSize = Math.floor(settings.batchSize);
  settings.maxConnections = Math.max(1, Math.floor(settings.maxConnections));
  return settings;
}
