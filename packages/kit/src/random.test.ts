import { describe, expect, it } from "vitest";
import { createPooledRandom } from "./random.ts";

describe("createPooledRandom", () => {
  it("gives numbers in [0, 1) covering every byte value, across pool refills", () => {
    const random = createPooledRandom();
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      seen.add(Math.round(x * 256));
    }
    expect(seen.size).toBe(256);
  });

  it("two sources do not repeat each other", () => {
    const a = createPooledRandom();
    const b = createPooledRandom();
    const draw = (r: () => number) => Array.from({ length: 64 }, r).join(",");
    expect(draw(a)).not.toBe(draw(b));
  });
});
