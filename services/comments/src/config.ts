import { configFields as f } from "@parlor/kit/config";
import { type ServiceRuntime, serviceConfig } from "@parlor/kit/service";
import { mailConfigProblem, mailConfigShape } from "@parlor/mail";
import { webhookConfigProblem, webhookConfigShape } from "@parlor/webhooks";
import { z } from "zod";

export const DEFAULT_CRISIS_MESSAGE =
  "If you are thinking about suicide or self-harm, you are not alone. In the US, call or text 988 (Suicide & Crisis Lifeline), any time. If you are in danger right now, call 911.";

/** The buttons under the crisis message: "label=href" pairs, comma-separated (tel:, sms: or https: links). */
export const DEFAULT_CRISIS_LINKS = "Call or text 988=tel:988,Call 911=tel:911";
const CrisisLinks = z.string().transform((value, ctx) => {
  const links: { label: string; href: string }[] = [];
  for (const pair of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf("=");
    const label = pair.slice(0, at).trim();
    const href = pair.slice(at + 1).trim();
    if (at <= 0 || label === "" || !/^(?:tel:\+?[\d-]+|sms:\+?[\d-]+(?:\?body=[\w%.-]*)?|https:\/\/\S+)$/.test(href)) {
      ctx.addIssue({ code: "custom", message: `"${pair}" is not label=tel:…, label=sms:… or label=https://…` });
      return z.NEVER;
    }
    links.push({ label, href });
  }
  return links;
});

/** Every setting of the comments service: `COMMENTS_<NAME>`, then `<NAME>`, then .env, then the default. */
// The crisis message and its buttons in a reader's language (the widget's, or Accept-Language): unset, the
// reader is shown CRISIS_MESSAGE and CRISIS_LINKS. The screen itself hears English only (docs/screen.md).
const crisisMessageIn = (language: string) =>
  z.string().min(1).optional().describe(`CRISIS_MESSAGE for a reader in ${language} (docs/translating.md)`);
const crisisLinksIn = (language: string) =>
  z.string().pipe(CrisisLinks).optional().describe(`CRISIS_LINKS for a reader in ${language}`);

export const configShape = {
  HOST: z.string().default("127.0.0.1").describe("the address it listens on"),
  PORT: f.port(3001).describe("the port it listens on (`0` picks a free port)"),
  DATA_DIR: z
    .string()
    .default("./data")
    .describe("where its files live: the SQLite file, and `mail/` when there is no `SMTP_URL`"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://")
    .optional()
    .meta({
      description: "`file:/path/x.db` for SQLite, `postgres://…` for PostgreSQL",
      unset: "`file:$DATA_DIR/comments.db`",
    }),
  ...f.storeConfigShape,
  ...f.serverConfigShape,
  PUBLIC_URL: f.url().optional().meta({
    description:
      "the origin readers reach the site at, used in links (in emails too) and form redirects; in production, with `SMTP_URL` set, it must be `https://`",
    unset: "`http://HOST:PORT` (the gateway's origin under `pnpm start`)",
  }),
  ADMIN_TOKEN: f.adminToken(),
  TRUST_PROXY: f.flag().meta({
    description:
      "`1`: the client address is the last `X-Forwarded-For` entry; only behind a proxy that sets it, with the port out of anyone else's reach",
    unset: "off (on for the dev gateway's children)",
  }),
  MODERATION: z
    .enum(["all", "flagged"], { error: "must be all or flagged" })
    .default("all")
    .describe("`all` holds every comment for a moderator; `flagged` publishes what the screen does not flag"),
  RATE_LIMIT: f
    .rate("20/10m")
    .describe(
      "hard limit of writes (posts, edits, deletes) per client, e.g. `10/10m` (`429` past it); `0` turns it off",
    ),
  PREVIEW_RATE_LIMIT: f
    .rate("60/10m")
    .describe("comment previews (`POST /v1/comments/preview`) per client before `429`; `0` turns it off"),
  SOFT_RATE_LIMIT: f.rate("5/10m").describe("past this many writes per client a comment is held with the `rate` flag"),
  EDIT_WINDOW: f.duration("15m").describe("how long an author may edit or delete a comment"),
  REPLY_DEPTH: z.coerce
    .number()
    .int()
    .min(0)
    .max(20)
    .default(3)
    .describe("reply levels nested below a top-level comment (at most 20)"),
  MAX_LINKS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2)
    .describe("a comment with more links than this is held (`link_count`)"),
  BLOCKED_WORDS: f
    .list()
    .describe(
      "comma-separated words or phrases that hold a comment (`blocked_word`), also written with look-alike letters, spaced or dotted (`vіagra`, `V I A G R A`); the console's word list adds to it",
    ),
  TRUSTED_AFTER: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(0)
    .max(1000)
    .default(0)
    .describe(
      "with `MODERATION=all`: publish at once a comment the screen does not flag from a confirmed address with this many approved comments and none rejected or spam (`0`: off; docs/moderation.md#trusted-commenters)",
    ),
  REPORT_HIDE_THRESHOLD: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(0)
    .max(1000)
    .default(0)
    .describe(
      "open reader reports that send a published comment back to the queue with the `reported` flag (`0`: never; a moderator decides)",
    ),
  REPORT_RATE_LIMIT: f
    .rate("10/1h")
    .describe("reader reports per client, e.g. `10/1h` (`429` past it); `0` turns it off"),
  AUTO_CLOSE_AFTER: f
    .duration("0")
    .describe("close a page's thread this long after its first published comment, e.g. `30d` (`0`: never)"),
  ...f.imageConfigShape,
  PURGE_AFTER: f
    .duration("30d")
    .describe(
      "rejected and spam comments are deleted this long after the decision; the audit log keeps that they existed (id, page, status; no name, address or text); `0` keeps them",
    ),
  CLIENT_HASH_RETENTION: f
    .duration("30d")
    .describe(
      "keyed hashes of client addresses are dropped from comments this long after posting (and expired rate-limit counters on PostgreSQL); `0` keeps them",
    ),
  RETENTION_INTERVAL: f
    .duration("1h")
    .describe("how often the retention job (purge, client hashes) runs in each instance; `cli purge` runs it once"),
  READER_REQUEST_RATE_LIMIT: f
    .rate("5/1h")
    .describe(
      "export or erasure requests (`POST /v1/comments/me/requests`) per client before `429`; one email per address and action an hour whatever the limit; `0` turns it off",
    ),
  MODERATOR_NAME: z.string().min(1).max(100).default("Moderator").describe("the name a moderator's replies show"),
  MODERATOR_EMAIL: f.email().meta({
    description: "where held comments are announced, with approve and reject links",
    unset: "no such email",
  }),
  ...mailConfigShape,
  SITE_NAME: z.string().min(1).max(100).default("the blog").describe("how emails, pages and feeds name the site"),
  CRISIS_MESSAGE: z
    .string()
    .min(1)
    .default(DEFAULT_CRISIS_MESSAGE)
    .describe(
      "what a reader is shown when the screen hears crisis words; outside the US set your country's wording and numbers (docs/screen.md#help-that-fits-the-readers-country)",
    ),
  CRISIS_LINKS: z
    .string()
    .default(DEFAULT_CRISIS_LINKS)
    .pipe(CrisisLinks)
    .describe(
      "the buttons under that message: comma-separated `label=href` pairs, each href `tel:`, `sms:` or `https:`",
    ),
  CRISIS_MESSAGE_ES: crisisMessageIn("Spanish"),
  CRISIS_LINKS_ES: crisisLinksIn("Spanish"),
  CRISIS_MESSAGE_DE: crisisMessageIn("German"),
  CRISIS_LINKS_DE: crisisLinksIn("German"),
  CRISIS_MESSAGE_FR: crisisMessageIn("French"),
  CRISIS_LINKS_FR: crisisLinksIn("French"),
  CRISIS_MESSAGE_PT: crisisMessageIn("Portuguese"),
  CRISIS_LINKS_PT: crisisLinksIn("Portuguese"),
  CRISIS_MESSAGE_AR: crisisMessageIn("Arabic"),
  CRISIS_LINKS_AR: crisisLinksIn("Arabic"),
  ...webhookConfigShape,
  LOG_LEVEL: f.logLevel(),
};

export type CommentsConfig = z.infer<z.ZodObject<typeof configShape>>;

export type Runtime = ServiceRuntime<CommentsConfig>;

/** defaultConfig(overrides): every default applied, what tests start from; loadRuntime(env): as the runner and CLI read them. */
export const { defaultConfig, loadRuntime } = serviceConfig<typeof configShape, CommentsConfig>({
  name: "comments",
  prefix: "COMMENTS",
  shape: configShape,
  databaseFile: "comments.db",
  checks: [webhookConfigProblem, mailConfigProblem("COMMENTS")],
});
