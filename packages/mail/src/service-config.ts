import { existsSync, readFileSync } from "node:fs";
import { configFields as f, resolvePath } from "@parlor/kit/config";
import { z } from "zod";
import type { DkimOptions } from "./transports/transport.ts";

/** The mail settings every service takes (spread into its configuration schema). */
export const mailConfigShape = {
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be smtp://user:pass@host:port or smtps://…")
    .optional()
    .meta({
      description: "the mail relay: `smtp://user:pass@host:port` (STARTTLS) or `smtps://…`",
      unset: "each email is written as an `.eml` file under `$DATA_DIR/mail/`, its links logged",
    }),
  MAIL_FROM: z
    .string()
    .min(3)
    .default("Parlor <no-reply@localhost>")
    .describe("the sender of every email; its domain is the one SPF, DKIM and DMARC are set up for"),
  MAIL_RETRY_MAX_DELAY: f.duration("1h").describe("the longest wait between two delivery attempts of one email"),
  MAIL_RETRY_HORIZON: f
    .duration("3d")
    .describe("how long a temporarily failing email is retried before it is dead-lettered"),
  MAIL_BACKOFF_BASE: f.duration("5s").describe("the first wait after a temporary delivery failure"),
  MAIL_POLL_INTERVAL: f
    .duration("1s")
    .describe("how often the mail worker looks for due email (in the newsletter, the issue dispatcher too)"),
  MAIL_LEASE: f.duration("60s").describe("how long a worker holds claimed email before another may take it"),
  MAIL_RATE: z.coerce.number().min(0).default(10).describe("emails per second at most (`0`: no limit)"),
  MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(3).describe("SMTP connections at once"),
  DKIM_DOMAIN: z.string().optional().meta({
    description:
      "the domain every email is DKIM-signed for (set all three `DKIM_` variables, or none); the signature covers `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058 one-click needs both signed), `List-Id` and `Auto-Submitted` too; without it the newsletter warns at start",
    unset: "unsigned",
  }),
  DKIM_SELECTOR: z.string().optional().meta({
    description: "the DKIM selector: the public key is published at `<selector>._domainkey.<domain>`",
    unset: "unsigned",
  }),
  DKIM_KEY_FILE: z.string().optional().meta({
    description: "the DKIM private key, a PEM file; a missing or unreadable file stops the start",
    unset: "unsigned",
  }),
};
export type MailConfig = z.infer<z.ZodObject<typeof mailConfigShape>>;

/**
 * The DKIM key the configuration names, or undefined when DKIM is not configured. A half configuration or an
 * unreadable key is a configuration error (thrown with a message naming the variable), never a crash later.
 */
export function dkimFromConfig(config: MailConfig, rootDir: string, prefix: string): DkimOptions | undefined {
  const { DKIM_DOMAIN: domainName, DKIM_SELECTOR: keySelector, DKIM_KEY_FILE: keyFile } = config;
  if (!domainName && !keySelector && !keyFile) return undefined;
  if (!domainName || !keySelector || !keyFile) {
    throw new Error(
      `${prefix}_DKIM_DOMAIN, ${prefix}_DKIM_SELECTOR and ${prefix}_DKIM_KEY_FILE go together: set all three or none`,
    );
  }
  const file = resolvePath(rootDir, keyFile);
  if (!existsSync(file)) throw new Error(`${prefix}_DKIM_KEY_FILE (or DKIM_KEY_FILE): no such file: ${file}`);
  const privateKey = readFileSync(file, "utf8");
  if (!privateKey.includes("PRIVATE KEY"))
    throw new Error(`${prefix}_DKIM_KEY_FILE (or DKIM_KEY_FILE): not a PEM private key`);
  return { domainName, keySelector, privateKey };
}

/** The worker settings the configuration gives. */
export function workerSettingsFromConfig(config: MailConfig) {
  return {
    pollIntervalMs: config.MAIL_POLL_INTERVAL,
    leaseMs: config.MAIL_LEASE,
    backoffBaseMs: config.MAIL_BACKOFF_BASE,
    backoffMaxMs: config.MAIL_RETRY_MAX_DELAY,
    retryHorizonMs: config.MAIL_RETRY_HORIZON,
    ratePerSecond: config.MAIL_RATE,
    maxConnections: config.MAIL_CONNECTIONS,
  };
}

/** A configuration check for loadServiceRuntime: a half DKIM configuration or an unreadable key, or null. */
export function mailConfigProblem(prefix: string) {
  return (config: MailConfig, rootDir: string): string | null => {
    dkimFromConfig(config, rootDir, prefix); // throws the problem; the runtime reports it
    return null;
  };
}
