import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder for a test's SQLite file; `cleanup()` removes it. */
export function tempDir(prefix = "parlor-test-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock tests move by hand: `clock.advance(16 * 60_000)`. */
export function fixedClock(start = new Date("2026-05-01T12:00:00.000Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
export type TestClock = ReturnType<typeof fixedClock>;
