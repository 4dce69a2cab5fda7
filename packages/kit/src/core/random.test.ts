import { describe, expect, it } from "vitest";
import { createPooledRandom, pooledRandomBytes } from "./random.ts";

describe("createPooledRandom", () => {
  it("gives numbers in [0, 1) covering every byte value, across pool refills", () => {
    const random = createPooledRandom();
    const seen = new Set<number>();
    // The bounds of all 20,000 numbers, checked once (an expect per number took seconds on a loaded machine).
    let least = Number.POSITIVE_INFINITY;
    let most = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 20_000; i++) {
      const x = random();
      least = Math.min(least, x);
      most = Math.max(most, x);
      seen.add(Math.round(x * 256));
    }
    expect(least).toBeGreaterThanOrEqual(0);
    expect(most).toBeLessThan(1);
    expect(seen.size).toBe(256);
  });

  it("two sources do not repeat each other", () => {
    const a = createPooledRandom();
    const b = createPooledRandom();
    const draw = (r: () => number) => Array.from({ length: 64 }, r).join(",");
    expect(draw(a)).not.toBe(draw(b));
  });
});

describe("pooledRandomBytes", () => {
  it("hands out fresh bytes of the asked length, never the same ones twice, across refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const bytes = pooledRandomBytes(32);
      expect(bytes.length).toBe(32);
      seen.add(bytes.toString("hex"));
    }
    expect(seen.size).toBe(1_000);
    expect(() => pooledRandomBytes(5_000)).toThrow(RangeError);
  });

  it("gives copies: changing one does not change the next", () => {
    const a = pooledRandomBytes(16);
    const before = a.toString("hex");
    pooledRandomBytes(16).fill(0);
    expect(a.toString("hex")).toBe(before);
  });
});
