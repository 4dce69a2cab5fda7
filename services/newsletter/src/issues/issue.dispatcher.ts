import { type Job, startJob } from "@parlor/kit/jobs";
import { writeTransaction } from "@parlor/kit/store";
import { enqueueMessages, type PersonalisedMessage } from "@parlor/mail";
import { type IssueRow, OUTBOX_TABLE } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { issueTopics, recipientsAfter } from "../topics/topic.repository.ts";
import { issueMail } from "./issue.mail.ts";
import {
  findIssue,
  hasWaitingCopies,
  issuesSending,
  keepIssueBody,
  progressOf,
  recordDeliveries,
  startScheduled,
  updateIssue,
} from "./issue.repository.ts";

const PLACEHOLDER = "https://unsubscribe.parlor.invalid/placeholder";
const PREFERENCES = "https://preferences.parlor.invalid/placeholder";

export interface DispatchSummary {
  started: number;
  queued: number;
  finished: number;
}

/**
 * Turns a sending issue into outbox rows, one per (issue, active subscriber), in chunks: each chunk's rows,
 * its delivery records and the fan-out cursor commit in one transaction. A process that dies mid-fan-out resumes
 * after the cursor; the idempotency key `issue:<issueId>:<subscriberId>` keeps even a lost cursor from queuing
 * anyone twice. Also starts scheduled issues when their time comes and marks an issue `sent` once every copy
 * has left the outbox (sent or given up on).
 */
export function createIssueDispatcher(
  deps: ServiceDeps & { chunkSize?: number; logger?: { error(obj: object, msg?: string): void } },
) {
  let queuedHook: (() => void) | undefined;
  const { db, clock, links, config } = deps;
  const chunkSize = deps.chunkSize ?? 500;
  let running: Promise<DispatchSummary> | null = null;
  let job: Job | null = null;
  let stopped = false;

  async function round(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { started: 0, queued: 0, finished: 0 };
    const now = clock.now().toISOString();
    summary.started = await writeTransaction(db, (trx) => startScheduled(trx, now));
    const sending = await issuesSending(db);
    for (const issue of sending) {
      if (!issue.fanout_done) summary.queued += await fanOut(issue);
      if (await finishIfDone(issue.id)) summary.finished++;
    }
    return summary;
  }

  async function fanOut(issue: IssueRow): Promise<number> {
    // Rendered once per issue: the body is kept beside the issue and each outbox row holds only the address,
    // the headers and the unsubscribe link, filled into the body when it is sent.
    const template = issueMail(
      issue,
      "placeholder@example.com",
      { unsubscribe: PLACEHOLDER, preferences: PREFERENCES, web: links.url(`/v1/issues/${issue.slug}`) },
      config,
    );
    await writeTransaction(db, (trx) =>
      keepIssueBody(trx, {
        issue_id: issue.id,
        text: template.text,
        html: template.html,
        created_at: clock.now().toISOString(),
      }),
    );
    const personal = (to: string, subscriberId: string): PersonalisedMessage => {
      const url = links.unsubscribeUrl(subscriberId);
      return {
        to,
        subject: template.subject,
        headers: Object.fromEntries(
          Object.entries(template.headers ?? {}).map(([k, v]) => [k, v.replaceAll(PLACEHOLDER, url)]),
        ),
        body: issue.id,
        fill: { [PLACEHOLDER]: url, [PREFERENCES]: links.preferencesUrl(subscriberId) },
      };
    };
    // The topics it goes to ([]: every active subscriber), fixed when its fan-out starts (only a draft is edited).
    const topicIds = (await issueTopics(db, issue.id)).map((t) => t.id);
    let queued = 0;
    for (let more = true; more && !stopped; ) {
      more = await writeTransaction(db, async (trx) => {
        const current = await findIssue(trx, issue.id);
        if (current?.status !== "sending" || current.fanout_done) return false;
        const subscribers = await recipientsAfter(trx, current.fanout_after ?? "", chunkSize, topicIds);
        const at = clock.now();
        const messages = subscribers.map((s) => ({
          message: personal(s.email, s.id),
          key: `issue:${issue.id}:${s.id}`,
        }));
        queued += await enqueueMessages(trx, OUTBOX_TABLE, messages, at);
        await recordDeliveries(
          trx,
          subscribers.map((s, i) => ({ issue_id: issue.id, subscriber_id: s.id, outbox_key: messages[i].key })),
        );
        const last = subscribers.at(-1)?.id ?? current.fanout_after;
        const done = subscribers.length < chunkSize;
        await updateIssue(trx, issue.id, {
          fanout_after: last,
          fanout_done: done ? 1 : 0,
          updated_at: at.toISOString(),
        });
        return !done;
      });
      // The chunk is committed: the mail worker starts on it now, not at its next poll.
      queuedHook?.();
    }
    deps.events.emit("issue.queued", { id: issue.id, queued });
    return queued;
  }

  async function finishIfDone(id: string): Promise<boolean> {
    const issue = await findIssue(db, id);
    if (issue?.status !== "sending" || !issue.fanout_done) return false;
    if (await hasWaitingCopies(db, id)) return false;
    const progress = await progressOf(db, id);
    if (progress.pending > 0) return false;
    const now = clock.now().toISOString();
    await writeTransaction(db, async (trx) => {
      const changed = await updateIssue(
        trx,
        id,
        { status: "sent", sent_at: now, updated_at: now },
        { status: "sending" },
      );
      // Only the instance whose update took announces it, once.
      if (changed) await deps.webhooks?.issueSent(trx, { ...issue, sent_at: now }, progress);
    });
    deps.events.emit("issue.sent", { id, ...progress });
    return true;
  }

  /** One round; concurrent calls share the round in flight. Tests drive the dispatcher with this. */
  function runOnce(): Promise<DispatchSummary> {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runOnce,
    /**
     * Polls every `intervalMs` until stop(); `onQueued` is told each time a chunk of copies is committed to the
     * outbox (the mail worker's `wake`).
     */
    start(intervalMs: number, options: { onQueued?: () => void } = {}) {
      queuedHook = options.onQueued;
      job ??= startJob({
        run: runOnce,
        intervalMs,
        onError: (err) => deps.logger?.error({ event: "issue.dispatch_failed", err }, "issue dispatch failed"),
      });
    },
    /** An issue is to go out now: fan it out at once rather than at the next poll (nothing when not started). */
    wake() {
      job?.wake();
    },
    async stop() {
      stopped = true;
      await job?.stop();
      await running?.catch(() => {});
    },
  };
}
export type IssueDispatcher = ReturnType<typeof createIssueDispatcher>;
