import { Email } from "@parlor/validation";
import { z } from "zod";
import { parseDuration, parseRate } from "../core/duration.ts";
import { tokenProblem } from "../core/token-strength.ts";

/** Reusable configuration fields, so both services describe and check a variable the same way. */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: "must be a port number" })
    .int("must be a port number")
    .min(0, "must be a port number")
    .max(65535, "must be a port number")
    .default(fallback);

export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === null) {
        ctx.addIssue({ code: "custom", message: "must be a duration such as 30s, 15m or 1h" });
        return z.NEVER;
      }
      return ms;
    });

export const rate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const r = parseRate(s);
      if (r === null) {
        ctx.addIssue({ code: "custom", message: "must be a rate such as 10/10m, or 0 for off" });
        return z.NEVER;
      }
      return r;
    });

export const flag = () =>
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], { error: "must be 1 or 0" })
    .default("0")
    .transform((v) => ["1", "true", "on", "yes"].includes(v));

export const url = () =>
  z.string().refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

/** The owner's bearer token: 24+ characters that look drawn at random (token-strength.ts names the rule it breaks). */
export const adminToken = () =>
  z
    .string()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .meta({
      description:
        "the owner's bearer token for the admin API and the console: at least 24 characters that score 128 bits or more on the start-up check (each character counts by the alphabet the token uses: 4 bits for hexadecimal, 6 for base64, otherwise by the character classes used; a token with more repeated characters, pairs and runs such as `aa` or `abc` than chance makes counts only the rest; a start-up error names the rule); make one with `openssl rand -base64 32` (moderators get tokens of their own: docs/moderation.md)",
      unset: "generated on first start, printed once, stored hashed",
    });

export const list = () =>
  z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean),
    );

/**
 * Comma-separated http(s) origins (`https://images.blog.example`), each kept as its origin; an entry with a path,
 * another scheme or no scheme stops the start instead of being ignored. IMAGE_ORIGINS of both services.
 */
export const origins = () =>
  z
    .string()
    .default("")
    .transform((s, ctx) => {
      const out: string[] = [];
      for (const entry of s
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean)) {
        const u = URL.canParse(entry) ? new URL(entry) : null;
        if (!u || !["http:", "https:"].includes(u.protocol) || u.pathname !== "/" || u.search || u.hash || u.username) {
          ctx.addIssue({ code: "custom", message: `"${entry}" is not an origin like https://images.blog.example` });
          return z.NEVER;
        }
        out.push(u.origin);
      }
      return out;
    });

/** Where images may come from: comments' and newsletter issues' (one setting, read by both). */
export const imageConfigShape = {
  IMAGE_ORIGINS: origins().meta({
    description:
      "comma-separated origins (`https://img.blog.example`) that images may come from: in comments, and in newsletter issues (where an image from elsewhere or without alt text is refused with a `400`, and each reader's mail client loads it from there: docs/mail.md#images-in-issues); an entry that is not an origin stops the start",
    unset: "none: no images",
  }),
};

/** The store settings every service takes (spread into its configuration schema). */
export const storeConfigShape = {
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be at least 1")
    .max(200, "must be at most 200")
    .default(10)
    .describe("PostgreSQL: connections per process"),
  BUSY_TIMEOUT: duration("5s").describe(
    "SQLite: how long a write waits for another connection's lock before answering `503`",
  ),
};

/** How long a client may take, and how many may be connected: what a slow or stalled client can hold. */
export const serverConfigShape = {
  REQUEST_TIMEOUT: duration("30s").describe(
    "the longest a client may take to send a whole request, or leave its connection stalled without reading the answer; past it the connection is cut (a `408` when nothing was answered yet)",
  ),
  HEADERS_TIMEOUT: duration("10s").describe("the longest a client may take to send a request's headers"),
  MAX_CONNECTIONS: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be at least 1")
    .default(1000)
    .describe("open connections at once; past it a new connection is closed at once"),
};

export const logLevel = () =>
  z
    .enum(["fatal", "error", "warn", "info", "debug", "silent"])
    .default("info")
    .describe("how much is logged: `debug`, `info`, `warn`, `error`, `fatal` or `silent`");

/** An optional email address, by the one address rule every endpoint and the mail layer apply. */
export const email = () => Email.optional();
