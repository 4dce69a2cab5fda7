import { describe, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS, mailSettings } from "./settings.ts";

describe("mailSettings", () => {
  it("fills in the defaults: a 1 h cap and a horizon of more than a day", () => {
    expect(mailSettings()).toEqual(DEFAULT_MAIL_SETTINGS);
    expect(DEFAULT_MAIL_SETTINGS.backoffMaxMs).toBe(3_600_000);
    expect(DEFAULT_MAIL_SETTINGS.retryHorizonMs).toBeGreaterThanOrEqual(86_400_000);
    expect(mailSettings({ backoffMaxMs: 30_000, ratePerSecond: 0 })).toMatchObject({
      backoffMaxMs: 30_000,
      ratePerSecond: 0,
    });
  });

  it("refuses values that would break the guarantees", () => {
    expect(() => mailSettings({ leaseMs: 0 })).toThrow(/leaseMs/);
    expect(() => mailSettings({ batchSize: -1 })).toThrow(/batchSize/);
    expect(() => mailSettings({ pollIntervalMs: Number.NaN })).toThrow(/pollIntervalMs/);
  });
});
