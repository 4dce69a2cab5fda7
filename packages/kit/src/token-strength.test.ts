import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newToken } from "./admin-auth.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { adminToken } from "./config-fields.ts";
import { tempDir } from "./testing.ts";
import { MIN_TOKEN_BITS, tokenBits, tokenProblem } from "./token-strength.ts";

describe("ADMIN_TOKEN strength", () => {
  it.each([
    "a".repeat(24),
    "abcdefghijklmnopqrstuvwx",
    "password1234password1234",
    "qwertyuiopasdfghjklzxcvbnm",
    "aAaAaAaAaAaAaAaAaAaAaAaA",
    "Password123!Password123!Password123!",
    randomBytes(12).toString("hex"), // 24 hexadecimal digits: 96 bits, and at most 124 by the estimate
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
