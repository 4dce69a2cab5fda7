import { moderatorStore } from "@parlor/kit/moderators";
import { type ServiceInputs, serviceBasics } from "@parlor/kit/service";
import { cachedBodies } from "@parlor/mail";
import type { NewsletterConfig } from "./config.ts";
import { MODERATOR_TABLE, type NewsletterDb } from "./db/schema.ts";
import type { ServiceDeps } from "./deps.ts";
import { createFeedWatcher } from "./feed/feed.watcher.ts";
import { createIssueDispatcher } from "./issues/issue.dispatcher.ts";
import { findIssueBody } from "./issues/issue.repository.ts";
import { createIssueService } from "./issues/issue.service.ts";
import { createLinks } from "./links.ts";
import { createReaderRights } from "./readers/reader.service.ts";
import type { Secrets } from "./setup.ts";
import { bounceHook } from "./subscribers/bounce.ts";
import { createSubscriberService } from "./subscribers/subscriber.service.ts";
import { findMailBody } from "./subscriptions/mail-body.repository.ts";
import { CONFIRMATION_BODY } from "./subscriptions/subscription.mail.ts";
import { createSubscriptionService, queueConfirmation } from "./subscriptions/subscription.service.ts";
import { createTopicService } from "./topics/topic.service.ts";
import { createWebhooks } from "./webhooks.ts";

/** What the composition root is built from: the runner's, a CLI command's or a test's. */
export interface AppDeps extends ServiceInputs<NewsletterConfig, NewsletterDb, Secrets> {
  /** The SQLite file, for the CSV export's own read-only connection (null on PostgreSQL). */
  sqliteFile?: string | null;
}

/**
 * The newsletter's composition root: every domain service, wired once, for the HTTP app (app.ts), the operators'
 * CLI and the background jobs (jobs.ts: the issue dispatcher, the feed watcher, the mail worker's bounce hook).
 */
export function createServices(deps: AppDeps) {
  const { config, db, logger } = deps;
  const basics = serviceBasics("newsletter", deps);
  const { clock, events, limiter } = basics;
  const service: ServiceDeps = {
    db,
    config,
    clock,
    secrets: deps.secrets,
    events,
    links: createLinks({ linkKey: deps.secrets.linkKey, publicUrl: deps.publicUrl, clock }),
    webhooks: createWebhooks(config, clock),
  };
  const dispatcher = createIssueDispatcher({ ...service, logger });
  const subscribers = createSubscriberService({
    ...service,
    mailDir: deps.mailDir,
    sqliteFile: deps.sqliteFile,
    queueConfirmation: (trx, row) => queueConfirmation(service, trx, row),
  });
  const subscriptions = createSubscriptionService({
    ...service,
    limits: {
      client: limiter(config.RATE_LIMIT, "newsletter_rate_client"),
      address: limiter(config.ADDRESS_RATE_LIMIT, "newsletter_rate_address"),
      softClient: limiter(config.SOFT_RATE_LIMIT, "newsletter_rate_soft_client"),
      network: limiter(config.NETWORK_RATE_LIMIT, "newsletter_rate_network"),
      softAddress: limiter(config.ADDRESS_SOFT_LIMIT, "newsletter_rate_soft_address"),
    },
  });
  return {
    ...deps,
    ...basics,
    service,
    links: service.links,
    subscriptions,
    subscribers,
    // An issue sent now is fanned out at once, not at the dispatcher's next poll.
    issues: createIssueService({ ...service, sendRequested: () => dispatcher.wake() }),
    topics: createTopicService(service),
    moderators: moderatorStore(db, MODERATOR_TABLE, clock),
    readers: createReaderRights({ ...service, subscribers }),
    dispatcher,
    feed: config.FEED_URL ? createFeedWatcher({ ...service, logger, feedUrl: config.FEED_URL }) : null,
    /** The mail worker's hook: an address the relay refused for good is marked bounced. */
    onDead: bounceHook(subscribers),
    /**
     * The mail worker's shared bodies: an issue's email, rendered once for its fan-out (named by the issue's id),
     * and the confirmation's, rendered once per configuration, language and link (`confirm-…`).
     */
    bodies: cachedBodies(async (ref) =>
      ref.startsWith(CONFIRMATION_BODY)
        ? ((await findMailBody(db, ref)) ?? subscriptions.restoreMailBody(ref))
        : findIssueBody(db, ref),
    ),
  };
}
export type Services = ReturnType<typeof createServices>;

/** What runs beside the HTTP app (tests drive them by hand): built from the same composition root. */
export function createBackground(input: AppDeps | Services) {
  const services = "subscriptions" in input ? input : createServices(input);
  return { dispatcher: services.dispatcher, feed: services.feed, onDead: services.onDead, bodies: services.bodies };
}
