import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../testing/index.ts";
import { MIN_TOKEN_BITS, tokenBits, tokenProblem } from "../core/token-strength.ts";
import { newToken } from "../core/tokens.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { adminToken } from "./fields.ts";

describe("ADMIN_TOKEN strength", () => {
  it.each([
    "a".repeat(24),
    "abcdefghijklmnopqrstuvwx",
    "password1234password1234",
    "qwertyuiopasdfghjklzxcvbnm",
    "aAaAaAaAaAaAaAaAaAaAaAaA",
    "Password123!Password123!Password123!",
    randomBytes(12).toString("hex"), // 24 hexadecimal digits: 96 bits
    randomBytes(15).toString("hex"), // 30 hexadecimal digits: 120 bits
    "0123456789abcdef0123456789abcdef",
    "deadbeefdeadbeefdeadbeefdeadbeef",
    "0".repeat(32),
    "0f".repeat(16),
    "abab".repeat(10),
    "11111111-1111-1111-1111-111111111111",
  ])("refuses %s, naming the rule", (token) => {
    expect(tokenProblem(token)).toMatch(/must be random: it scores \d+ of the 128 bits needed/);
  });

  it("takes the generated token and random ones of 32 base64url characters or more", () => {
    for (let i = 0; i < 200; i++) {
      expect(tokenBits(newToken())).toBeGreaterThan(170);
      expect(tokenProblem(randomBytes(24).toString("base64url"))).toBeNull();
    }
    expect(tokenProblem(randomBytes(48).toString("hex"))).toBeNull();
    expect(tokenProblem("short")).toBe("must be at least 24 characters");
    expect(MIN_TOKEN_BITS).toBe(128);
  });

  it("takes random hexadecimal, base64 and UUID tokens of 128 bits, scored by the alphabet they use", () => {
    const refused: Record<string, number> = { hex16: 0, hex20: 0, uuid: 0, base64: 0, base64url: 0 };
    for (let i = 0; i < 1000; i++) {
      if (tokenProblem(randomBytes(16).toString("hex"))) refused.hex16 += 1; // openssl rand -hex 16
      if (tokenProblem(randomBytes(20).toString("hex").toUpperCase())) refused.hex20 += 1;
      if (tokenProblem(randomUUID())) refused.uuid += 1;
      if (tokenProblem(randomBytes(24).toString("base64"))) refused.base64 += 1;
      if (tokenProblem(randomBytes(24).toString("base64url"))) refused.base64url += 1;
    }
    expect(refused).toEqual({ hex16: 0, hex20: 0, uuid: 0, base64: 0, base64url: 0 });
    expect(tokenBits(randomBytes(16).toString("hex"))).toBe(128); // 32 digits of 4 bits
    // 6 bits a character when the token shows the whole base64url alphabet (its two signs included); a random token
    // that happens to hold no '-' or '_' is scored by the 62 letters and digits it shows, a little less
    expect(tokenBits("xdPFTi_KMdBx_DmyIO-TzuZYizUzpPM2")).toBeCloseTo(32 * 6, 0); // drawn once from randomBytes(24)
    expect(tokenBits("xdPFTiKKMdBxaDmyIOuTzuZYizUzpPM2")).toBeCloseTo(32 * Math.log2(62), 0); // the same without - and _
    expect(tokenBits(randomBytes(24).toString("base64url"))).toBeLessThanOrEqual(32 * 6 + 1e-9);
  });

  it("stops the start with a line naming ADMIN_TOKEN and the rule, never its value", () => {
    const { dir, cleanup } = tempDir();
    try {
      const run = () =>
        loadConfig({ ADMIN_TOKEN: adminToken() }, { prefix: "X", rootDir: dir, env: { ADMIN_TOKEN: "a".repeat(24) } });
      expect(run).toThrow(ConfigError);
      try {
        run();
      } catch (e) {
        const [line] = (e as ConfigError).problems;
        expect(line).toMatch(/^X_ADMIN_TOKEN .*must be random: it scores 4 of the 128 bits needed/);
        expect(line).not.toContain("a".repeat(24));
      }
      const ok = loadConfig(
        { ADMIN_TOKEN: adminToken() },
        { prefix: "X", rootDir: dir, env: { ADMIN_TOKEN: newToken() } },
      );
      expect(ok.ADMIN_TOKEN).toHaveLength(43);
    } finally {
      cleanup();
    }
  });
});
