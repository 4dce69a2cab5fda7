import type { Kysely } from "kysely";
import type { NewsletterConfig } from "./config.ts";
import type { NewsletterDb } from "./db/schema.ts";
import type { Links } from "./links.ts";
import type { Secrets } from "./setup.ts";
import type { NewsletterWebhooks } from "./webhooks.ts";

export interface Events {
  emit(event: string, fields: Record<string, unknown>): void;
}

/** What the domain services share: the store, the settings, the clock, the log of named events, the links. */
export interface ServiceDeps {
  db: Kysely<NewsletterDb>;
  config: NewsletterConfig;
  clock: { now(): Date };
  events: Events;
  links: Links;
  secrets: Secrets;
  /** Outgoing webhooks (createApp always sets them; code that builds deps by hand may leave them out). */
  webhooks?: NewsletterWebhooks;
}
