import { moderatorStore } from "@parlor/kit/moderators";
import { type ServiceInputs, serviceBasics } from "@parlor/kit/service";
import { createAuditLog } from "./audit/audit.service.ts";
import { createBlockService } from "./blocks/block.service.ts";
import { renderMarkdown } from "./comments/comment.render.ts";
import { countByStatus } from "./comments/comment.repository.ts";
import { type CommentDeps, createCommentService } from "./comments/comment.service.ts";
import { createThreadReader } from "./comments/thread.service.ts";
import type { CommentsConfig } from "./config.ts";
import { type CommentsDb, MODERATOR_TABLE } from "./db/schema.ts";
import { createFeed } from "./feed/feed.service.ts";
import { createModerationService } from "./moderation/moderation.service.ts";
import { createPinService } from "./moderation/pin.service.ts";
import { createQueue } from "./moderation/queue.service.ts";
import { createThreadClosing } from "./moderation/thread-closing.service.ts";
import { createNotifier } from "./notifications/notification.service.ts";
import { createNotificationLinks } from "./notifications/notification-links.service.ts";
import { createReaderRights } from "./readers/reader.service.ts";
import { createReportService } from "./reports/report.service.ts";
import { createWebhooks } from "./webhooks.ts";

/** What the composition root is built from: the runner's, a CLI command's or a test's. */
export type ServiceDeps = ServiceInputs<
  CommentsConfig,
  CommentsDb,
  /** From prepareStore(): the admin token's hash, the client-address hashing key, the email-link signing key. */
  { adminTokenHash: string; clientKey: string; linkKey: string }
>;

/**
 * The comments service's composition root: every domain service, wired once, for the HTTP app (app.ts), the
 * operators' CLI (cli/store.ts) and the background jobs (jobs.ts) alike, so an approval from the terminal queues
 * the same emails and webhooks as one from the console.
 */
export function createServices(deps: ServiceDeps) {
  const { config, db } = deps;
  const basics = serviceBasics("comments", deps);
  const { clock, events } = basics;
  const notifier = createNotifier({ config, clock, events, linkKey: deps.secrets.linkKey, publicUrl: deps.publicUrl });
  const webhooks = createWebhooks(config, clock);
  const domain: CommentDeps = { db, config, clock, events, notifier, webhooks };
  const moderation = createModerationService(domain);
  const audit = createAuditLog(db, clock);
  return {
    ...deps,
    ...basics,
    domain,
    notifier,
    webhooks,
    comments: createCommentService(domain),
    moderation,
    pins: createPinService(domain),
    moderators: moderatorStore(db, MODERATOR_TABLE, clock, audit.record),
    audit,
    blocks: createBlockService({ db, clock, moderation, events }),
    queue: createQueue(db),
    threadClosing: createThreadClosing({ db, clock, autoCloseAfterMs: config.AUTO_CLOSE_AFTER, events }),
    notificationLinks: createNotificationLinks({ db, notifier, moderation }),
    feed: createFeed({ db, publicUrl: deps.publicUrl, siteName: config.SITE_NAME, clock }),
    reports: createReportService(domain),
    readers: createReaderRights({
      ...domain,
      moderation,
      linkKey: deps.secrets.linkKey,
      publicUrl: deps.publicUrl,
      mailDir: deps.mailDir,
    }),
    threads: createThreadReader(db, { maxDepth: config.REPLY_DEPTH, autoCloseAfterMs: config.AUTO_CLOSE_AFTER, clock }),
    render: (md: string) => renderMarkdown(md, { allowedImageOrigins: config.IMAGE_ORIGINS }),
    queueLength: () => countByStatus(db, "pending"),
  };
}
export type Services = ReturnType<typeof createServices>;
