import { describe, expect, it } from "vitest";
import { backoffDelay, nextAttemptAt } from "./backoff.ts";

describe("backoffDelay", () => {
  it("starts at the base and never leaves [base, min(cap, base·2^(n-1))]", () => {
    expect(backoffDelay(1, 5_000, 3_600_000, () => 0.99)).toBe(5_000);
    for (let attempt = 1; attempt <= 30; attempt++) {
      const ceiling = Math.min(3_600_000, 5_000 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, 5_000, 3_600_000, () => 0)).toBe(5_000);
      expect(Math.abs(backoffDelay(attempt, 5_000, 3_600_000, () => 0.999999) - ceiling)).toBeLessThanOrEqual(4);
    }
  });

  it("spreads retries out rather than bringing them back together", () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelay(8, 1_000, 60_000)));
    expect(waits.size).toBeGreaterThan(40);
  });
});

describe("nextAttemptAt", () => {
  const settings = { backoffBaseMs: 1_000, backoffMaxMs: 10_000, retryHorizonMs: 86_400_000 };
  const created = new Date("2026-05-01T00:00:00Z");

  it("schedules a retry while the horizon is ahead", () => {
    const now = new Date("2026-05-01T01:00:00Z");
    expect(nextAttemptAt(1, created, now, settings, () => 0)).toEqual(new Date("2026-05-01T01:00:01Z"));
  });

  it("answers null once the next try would land past the horizon", () => {
    const now = new Date("2026-05-01T23:59:55Z");
    expect(nextAttemptAt(9, created, now, settings, () => 0)).toEqual(new Date("2026-05-01T23:59:56Z"));
    expect(nextAttemptAt(9, created, now, settings, () => 0.99)).toBeNull();
  });
});
