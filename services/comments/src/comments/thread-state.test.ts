import { describe, expect, it } from "vitest";
import { threadState } from "./thread-state.ts";

const DAY = 86_400_000;
const first = "2026-01-01T00:00:00.000Z";
const at = (days: number) => new Date(Date.parse(first) + days * DAY);

describe("whether a thread takes new comments", () => {
  it("follows a moderator's close or reopen whatever the setting says", () => {
    expect(threadState(1, null, 0, at(0))).toEqual({ closed: true, reason: "moderator", autoClosesAt: null });
    expect(threadState(0, first, 30 * DAY, at(90))).toEqual({ closed: false, reason: null, autoClosesAt: null });
  });

  it("closes AUTO_CLOSE_AFTER the first published comment, at that instant and after", () => {
    const closesAt = at(30).toISOString();
    expect(threadState(null, first, 30 * DAY, at(29.99))).toEqual({
      closed: false,
      reason: null,
      autoClosesAt: closesAt,
    });
    expect(threadState(null, first, 30 * DAY, at(30))).toEqual({
      closed: true,
      reason: "auto",
      autoClosesAt: closesAt,
    });
  });

  it("stays open with the setting off or before anyone is published", () => {
    expect(threadState(null, first, 0, at(1000)).closed).toBe(false);
    expect(threadState(null, null, 30 * DAY, at(1000))).toEqual({ closed: false, reason: null, autoClosesAt: null });
  });
});
