import { describe, expect, it } from "vitest";
import { DEFAULT_OUTBOX_SETTINGS, outboxSettings } from "./settings.ts";

describe("outboxSettings", () => {
  it("fills in the defaults: a 1 h cap and a horizon of more than a day", () => {
    expect(outboxSettings()).toEqual(DEFAULT_OUTBOX_SETTINGS);
    expect(DEFAULT_OUTBOX_SETTINGS.backoffMaxMs).toBe(3_600_000);
    expect(DEFAULT_OUTBOX_SETTINGS.retryHorizonMs).toBeGreaterThanOrEqual(86_400_000);
    expect(outboxSettings({ backoffMaxMs: 30_000, ratePerSecond: 0 })).toMatchObject({
      backoffMaxMs: 30_000,
      ratePerSecond: 0,
    });
  });

  it("refuses values that would break the guarantees", () => {
    expect(() => outboxSettings({ leaseMs: 0 })).toThrow(/leaseMs/);
    expect(() => outboxSettings({ batchSize: -1 })).toThrow(/batchSize/);
    expect(() => outboxSettings({ pollIntervalMs: Number.NaN })).toThrow(/pollIntervalMs/);
  });
});
