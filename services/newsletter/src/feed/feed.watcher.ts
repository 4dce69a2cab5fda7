import { createHash } from "node:crypto";
import { type Job, startJob } from "@parlor/kit/jobs";
import { parseFeed } from "@rowanmanning/feed-parser";
import type { ServiceDeps } from "../deps.ts";
import { NoPostalAddress } from "../issues/issue.errors.ts";
import { createIssueService } from "../issues/issue.service.ts";
import { createTopicService } from "../topics/topic.service.ts";
import { entriesSeen, linkIssue, markSeen } from "./feed.repository.ts";

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface FeedWatcher {
  /** One look at the feed; returns the ids of the issues it drafted (or sent). Tests drive the watcher with this. */
  pollOnce(): Promise<string[]>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const plain = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
// Markdown that would turn the summary into links or markup it did not have.
const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]<>#!|])/g, "\\$1");

/**
 * New-post announcements: reads the blog's own RSS or Atom feed (@rowanmanning/feed-parser) and turns each entry it
 * has not seen into a draft issue with the article's title, summary and link (FEED_MODE=send sends it at once).
 * The first look only records what is there, so the back catalogue is never drafted. An entry is recorded before
 * its draft is made: it is announced at most once, even with several instances polling.
 */
export function createFeedWatcher(deps: ServiceDeps & { feedUrl: string; logger: Logger }): FeedWatcher {
  const { db, clock, feedUrl, logger } = deps;
  const issues = createIssueService(deps);
  const topics = createTopicService(deps);
  let job: Job | null = null;
  let running: Promise<string[]> | null = null;

  async function poll(): Promise<string[]> {
    const res = await fetch(feedUrl, {
      headers: { Accept: "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5" },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`${feedUrl} answered ${res.status}`);
    const feed = parseFeed(await res.text());
    const firstLook = (await entriesSeen(db, feedUrl)) === 0;
    // Oldest first, so drafts are made in the order the articles were published.
    const items = [...feed.items].sort((a, b) => (a.published?.getTime() ?? 0) - (b.published?.getTime() ?? 0));
    const made: string[] = [];
    for (const item of items) {
      const entryId = item.id ?? item.url ?? item.title;
      if (!entryId) continue;
      const key = createHash("sha256").update(`${feedUrl}\n${entryId}`).digest("hex");
      const at = clock.now().toISOString();
      const fresh = await markSeen(db, { key, feedUrl, entryId, title: item.title, at });
      if (!fresh || firstLook) continue;
      const title = (item.title ?? "A new article").replace(/\s+/g, " ").trim().slice(0, 200) || "A new article";
      const summary = plain(item.description ?? item.content ?? "").slice(0, 600);
      const link = item.url ?? "";
      const markdown = [
        `## ${escapeMarkdown(title)}`,
        summary ? escapeMarkdown(summary) : "",
        link ? `[Read the article](${link})` : "",
      ]
        .filter(Boolean)
        .join("\n\n");
      // FEED_TOPIC: announcements go to their own topic (made on first use); unset, to every active subscriber.
      const topic = deps.config.FEED_TOPIC;
      const issue = await issues.create({
        subject: title,
        markdown,
        topics: topic ? [await topics.ensure(topic, "New articles")] : undefined,
      });
      await linkIssue(db, key, issue.id);
      made.push(issue.id);
      deps.events.emit("feed.entry_drafted", { issueId: issue.id, entry: entryId });
      if (deps.config.FEED_MODE === "send") {
        try {
          await issues.send(issue.id);
        } catch (e) {
          if (!(e instanceof NoPostalAddress)) throw e;
          logger.error(
            { event: "feed.send_refused", issueId: issue.id },
            "FEED_MODE=send, but POSTAL_ADDRESS is not set: left as a draft",
          );
        }
      }
    }
    if (firstLook) deps.events.emit("feed.first_look", { entries: items.length });
    return made;
  }

  function pollOnce(): Promise<string[]> {
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    pollOnce,
    start(intervalMs) {
      job ??= startJob({
        run: pollOnce,
        intervalMs,
        onError: (err) =>
          logger.warn({ event: "feed.poll_failed", err: String(err) }, "could not read the blog's feed"),
      });
    },
    async stop() {
      await job?.stop();
      job = null;
      await running?.catch(() => {});
    },
  };
}
