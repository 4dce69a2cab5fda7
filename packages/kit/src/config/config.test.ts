import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../testing/index.ts";
import { parseDuration, parseRate } from "../core/duration.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { duration, flag, origins, port, rate } from "./fields.ts";

const shape = { PORT: port(3001), HOST: z.string().default("127.0.0.1"), RATE_LIMIT: rate("20/10m") };

describe("configuration", () => {
  it("takes the prefixed variable over the plain one, over .env, over the default", () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, ".env"), "COMMENTS_HOST=0.0.0.0\nPORT=4000\nRATE_LIMIT=1/1s\n");
    try {
      const c = loadConfig(shape, { prefix: "COMMENTS", rootDir: dir, env: { PORT: "5000", COMMENTS_PORT: "6000" } });
      expect(c).toEqual({ PORT: 6000, HOST: "0.0.0.0", RATE_LIMIT: { points: 1, windowMs: 1000 } });
      const d = loadConfig(shape, { prefix: "COMMENTS", rootDir: dir, env: {} });
      expect(d.PORT).toBe(4000);
      const e = loadConfig(shape, { prefix: "COMMENTS", rootDir: dir, env: {}, dotenv: false });
      expect(e).toEqual({ PORT: 3001, HOST: "127.0.0.1", RATE_LIMIT: { points: 20, windowMs: 600_000 } });
    } finally {
      cleanup();
    }
  });

  it("names every bad variable", () => {
    const { dir, cleanup } = tempDir();
    try {
      const run = () =>
        loadConfig(shape, { prefix: "COMMENTS", rootDir: dir, env: { COMMENTS_PORT: "abc", RATE_LIMIT: "lots" } });
      expect(run).toThrow(ConfigError);
      try {
        run();
      } catch (e) {
        const lines = (e as ConfigError).problems;
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^COMMENTS_PORT/);
        expect(lines[1]).toMatch(/^COMMENTS_RATE_LIMIT .*RATE_LIMIT/);
      }
    } finally {
      cleanup();
    }
  });
});

it("never echoes a secret's value in an error", () => {
  const { dir, cleanup } = tempDir();
  try {
    const run = () =>
      loadConfig(
        { ADMIN_TOKEN: z.string().min(24) },
        { prefix: "X", rootDir: dir, env: { ADMIN_TOKEN: "short-secret" } },
      );
    expect(run).toThrow(ConfigError);
    expect(() => run()).not.toThrow(/short-secret/);
  } finally {
    cleanup();
  }
});

it("describes each variable as written: its text, its default before any transform, what leaving it out means", () => {
  const described = describeConfig({
    PORT: port(3001).describe("the port it listens on"),
    EDIT_WINDOW: duration("15m").describe("how long an author may edit"),
    TRUST_PROXY: flag().meta({ description: "1: trust X-Forwarded-For", unset: "off" }),
    SMTP_URL: z.string().optional().meta({ description: "the relay", unset: "mail as .eml files" }),
    SECRET: z.string().optional(),
  });
  expect(described).toEqual([
    { name: "PORT", description: "the port it listens on", default: 3001, unset: undefined },
    { name: "EDIT_WINDOW", description: "how long an author may edit", default: "15m", unset: undefined },
    { name: "TRUST_PROXY", description: "1: trust X-Forwarded-For", default: "0", unset: "off" },
    { name: "SMTP_URL", description: "the relay", default: undefined, unset: "mail as .eml files" },
    { name: "SECRET", description: "", default: undefined, unset: undefined },
  ]);
});

describe("durations and rates", () => {
  it.each([
    ["30s", 30_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["250ms", 250],
    ["7d", 604_800_000],
    ["nope", null],
  ])("reads %s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it("reads rates and the off switch", () => {
    expect(parseRate("10/10m")).toEqual({ points: 10, windowMs: 600_000 });
    expect(parseRate("5/m")).toEqual({ points: 5, windowMs: 60_000 });
    expect(parseRate("0")).toBe("off");
    expect(parseRate("ten")).toBeNull();
  });
});

describe("origins (IMAGE_ORIGINS)", () => {
  it("keeps each entry's origin and stops at one that is not an origin, naming it", () => {
    expect(origins().parse(" https://img.blog.example/ , http://localhost:8080")).toEqual([
      "https://img.blog.example",
      "http://localhost:8080",
    ]);
    expect(origins().parse(undefined)).toEqual([]);
    for (const bad of [
      "img.blog.example",
      "https://img.blog.example/charts",
      "ftp://x.example",
      "https://a@x.example",
    ]) {
      const out = origins().safeParse(`https://ok.example,${bad}`);
      expect(out.success, bad).toBe(false);
      expect(out.error?.issues[0].message).toContain(`"${bad}" is not an origin`);
    }
  });
});
