/** How the worker paces itself. Milliseconds and counts only, so tests can run the whole retry story in seconds. */
export interface MailSettings {
  /** How long an idle worker waits before looking for due mail again. */
  pollIntervalMs: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** How long a claim holds a row; a worker that dies lets it go when this runs out. */
  leaseMs: number;
  /** First wait after a temporary failure, and the floor of every later one. */
  backoffBaseMs: number;
  /** The longest wait between two attempts (MAIL_RETRY_MAX_DELAY). */
  backoffMaxMs: number;
  /** After this long since it was queued, a message that still fails temporarily is dead. */
  retryHorizonMs: number;
  /** Sends per second from this worker; 0 = unlimited. */
  ratePerSecond: number;
  /** Sends in flight at once (match the SMTP pool's maxConnections). */
  maxConnections: number;
}

export const DEFAULT_MAIL_SETTINGS: Readonly<MailSettings> = Object.freeze({
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
 *   mailSettings({ backoffMaxMs: config.MAIL_RETRY_MAX_DELAY })
 */
export function mailSettings(overrides: Partial<MailSettings> = {}): MailSettings {
  const settings = { ...DEFAULT_MAIL_SETTINGS };
  for (const [key, value] of Object.entries(overrides) as [keyof MailSettings, number | undefined][]) {
    if (value !== undefined) settings[key] = value;
  }
  for (const [key, value] of Object.entries(settings)) {
    const mayBeZero = key === "ratePerSecond";
    if (!Number.isFinite(value) || value < 0 || (!mayBeZero && value === 0)) {
      throw new RangeError(`mail setting ${key} must be a positive number (got ${value})`);
    }
  }
  settings.batchSize = Math.floor(settings.batchSize);
  settings.maxConnections = Math.max(1, Math.floor(settings.maxConnections));
  return settings;
}
