import { configFields as f } from "@parlor/kit/config";
import { type ServiceRuntime, serviceConfig } from "@parlor/kit/service";
import { mailConfigProblem, mailConfigShape } from "@parlor/mail";
import { TopicSlug } from "@parlor/validation";
import { webhookConfigProblem, webhookConfigShape } from "@parlor/webhooks";
import { z } from "zod";

export const DEFAULT_CONSENT_TEXT =
  "Yes, email me the newsletter. I can unsubscribe at any time with one click, and my address is never shared.";
export const DEFAULT_FOOTER = "This newsletter is for education and is not medical advice.";

// The consent wording in a reader's language (the widget's): kept word for word with the consent records of
// signups in that language. Unset, such a signup records CONSENT_TEXT.
const consentTextIn = (language: string) =>
  z
    .string()
    .min(10)
    .max(1000)
    .optional()
    .describe(`CONSENT_TEXT as shown to a reader in ${language} (docs/translating.md)`);

const email = (description: string, unset: string) => f.email().meta({ description, unset });

/** Every setting of the newsletter service: `NEWSLETTER_<NAME>`, then `<NAME>`, then .env, then the default. */
export const configShape = {
  HOST: z.string().default("127.0.0.1").describe("the address it listens on"),
  PORT: f.port(3002).describe("the port it listens on (`0` picks a free port)"),
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
      unset: "`file:$DATA_DIR/newsletter.db`",
    }),
  ...f.storeConfigShape,
  ...f.serverConfigShape,
  PUBLIC_URL: f.url().optional().meta({
    description:
      "the origin readers reach the site at, used in links (in emails too) and form redirects; in production, with `SMTP_URL` set, it must be `https://`",
    unset: "`http://HOST:PORT` (the gateway's origin under `pnpm start`)",
  }),
  ADMIN_TOKEN: f.adminToken(),
  WEBHOOK_TOKEN: z.string().min(24, "must be at least 24 characters").optional().meta({
    description:
      "a second token (24+ characters) that opens only the bounce/complaint webhook, and the only token it takes in its URL (`?token=`); not to be confused with `WEBHOOK_SECRET`, which signs outgoing webhooks",
    unset: "the admin token only, in the `Authorization` header",
  }),
  TRUST_PROXY: f.flag().meta({
    description:
      "`1`: the client address is the last `X-Forwarded-For` entry; only behind a proxy that sets it, with the port out of anyone else's reach",
    unset: "off (on for the dev gateway's children)",
  }),
  MODERATOR_EMAIL: email(
    "where signups held for review are announced (the address is masked in that email)",
    "no such email",
  ),
  RATE_LIMIT: f.rate("10/10m").describe("signups per client before `429`; `0` turns it off"),
  ADDRESS_RATE_LIMIT: f.rate("5/1d").describe("signups for one address (from anywhere) before `429`; `0` turns it off"),
  SOFT_RATE_LIMIT: f
    .rate("3/10m")
    .describe("past this many signups from one client, a signup waits for review (`burst_client`)"),
  NETWORK_RATE_LIMIT: f
    .rate("20/10m")
    .describe(
      "past this many signups from one network (IPv4 /24, IPv6 /64), a signup waits for review (`burst_network`)",
    ),
  ADDRESS_SOFT_LIMIT: f
    .rate("2/1d")
    .describe("past this many signups for one address, a signup waits for review (`repeat_address`)"),
  DISPOSABLE_DOMAINS: f
    .list()
    .describe("comma-separated domains added to the built-in list of throwaway-address services (`disposable`)"),
  CONSENT_TEXT: z
    .string()
    .min(10)
    .max(1000)
    .default(DEFAULT_CONSENT_TEXT)
    .describe("the wording a subscriber agrees to, kept word for word with each consent record"),
  CONSENT_TEXT_ES: consentTextIn("Spanish"),
  CONSENT_TEXT_DE: consentTextIn("German"),
  CONSENT_TEXT_FR: consentTextIn("French"),
  CONSENT_TEXT_PT: consentTextIn("Portuguese"),
  CONSENT_TEXT_AR: consentTextIn("Arabic"),
  CLIENT_HASH_RETENTION: f
    .duration("30d")
    .describe(
      "keyed hashes of client addresses are dropped from subscribers this long after signup (and expired rate-limit counters on PostgreSQL); `0` keeps them",
    ),
  RETENTION_INTERVAL: f.duration("1h").describe("how often the client-hash retention job runs in each instance"),
  READER_REQUEST_RATE_LIMIT: f
    .rate("5/1h")
    .describe(
      "export or erasure requests (`POST /v1/subscriptions/me/requests`) per client before `429`; one email per address and action an hour whatever the limit; `0` turns it off",
    ),
  CONFIRM_TTL: f.duration("7d").describe("how long a confirmation link works"),
  POSTAL_ADDRESS: z.string().max(300).optional().meta({
    description: "the sender's postal address at the end of every issue (CAN-SPAM); issues are not sent without it",
    unset: "sending an issue answers `409`",
  }),
  FOOTER: z.string().max(500).default(DEFAULT_FOOTER).describe("the operator's line at the end of every issue"),
  UNSUBSCRIBE_MAILTO: email(
    "an address for `mailto:` unsubscribe requests, added to `List-Unsubscribe` (someone must read it)",
    "https only",
  ),
  SITE_NAME: z.string().min(1).max(100).default("the blog").describe("how emails name the site"),
  ...f.imageConfigShape,
  LIST_NAME: z.string().min(1).max(100).default("the newsletter").describe("how emails and pages name the newsletter"),
  ...mailConfigShape,
  ...webhookConfigShape,
  FEED_URL: f.url().optional().meta({
    description:
      "the blog's own RSS or Atom feed: each new article becomes an issue (docs/newsletter.md#new-post-announcements)",
    unset: "not watched",
  }),
  FEED_POLL: f.duration("15m").describe("how often `FEED_URL` is read"),
  FEED_TOPIC: TopicSlug.optional().meta({
    description:
      "the slug of the topic new-article issues go to; made (named `New articles`, rename it in the console) when the first article comes",
    unset: "every active subscriber",
  }),
  FEED_MODE: z
    .enum(["draft", "send"], { error: "must be draft or send" })
    .default("draft")
    .describe(
      "`draft`: a new article becomes a draft issue to edit and send; `send`: it is sent at once (needs `POSTAL_ADDRESS`)",
    ),
  LOG_LEVEL: f.logLevel(),
};

export type NewsletterConfig = z.infer<z.ZodObject<typeof configShape>>;

export type Runtime = ServiceRuntime<NewsletterConfig>;

/** defaultConfig(overrides): every default applied, what tests start from; loadRuntime(env): as the runner and CLI read them. */
export const { defaultConfig, loadRuntime } = serviceConfig<typeof configShape, NewsletterConfig>({
  name: "newsletter",
  prefix: "NEWSLETTER",
  shape: configShape,
  databaseFile: "newsletter.db",
  checks: [webhookConfigProblem, mailConfigProblem("NEWSLETTER")],
});
