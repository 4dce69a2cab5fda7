import { hashToken, InvalidInput, maskEmail, newId, newToken, RateLimited } from "@parlor/kit";
import { hashAddress, type Locale, networkOf, type RateLimiter } from "@parlor/kit/http";
import { groupCommit, writeTransaction } from "@parlor/kit/store";
import {
  composeMail,
  enqueue,
  enqueueMessages,
  isPersonalised,
  type OutboxMessage,
  validateMessage,
  validatePersonalised,
} from "@parlor/mail";
import { enqueueNone } from "@parlor/outbox";
import type { NewSubscription } from "@parlor/validation";
import { emailKey } from "@parlor/validation";
import type { Kysely } from "kysely";
import { type NewsletterDb, OUTBOX_TABLE, type SubscriberRow } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { screenSignup } from "../screen/screen.ts";
import { addressHash } from "../subscribers/address.ts";
import {
  addConsent,
  dropQueuedMail,
  findByConfirmHash,
  findByKey,
  findSubscriber,
  latestConsent,
  saveSubscriber,
  updateSubscriber,
} from "../subscribers/subscriber.repository.ts";
import { isSuppressed, unsuppress } from "../subscribers/suppression.repository.ts";
import { allTopics, setSubscriberTopics, subscriberTopicSlugs, topicsBySlug } from "../topics/topic.repository.ts";
import { resolveTopics } from "../topics/topic.service.ts";
import { consentTextIn, consentTextOfVersion } from "./consent.ts";
import { keepMailBody } from "./mail-body.repository.ts";
import {
  confirmationMail,
  confirmationToQueue,
  type QueuedConfirmation,
  renderedConfirmationBody,
  reviewMail,
  welcomeMail,
} from "./subscription.mail.ts";

type Db = Kysely<NewsletterDb>;

export interface SignupLimits {
  /** Hard: 429 past these. */
  client: RateLimiter;
  address: RateLimiter;
  /** Soft: past these the signup waits for review. */
  softClient: RateLimiter;
  network: RateLimiter;
  softAddress: RateLimiter;
}

export interface Client {
  /** The client's IP address (kept with the consent record). */
  address: string;
  /** Its keyed hash (rate limits, the subscriber row). */
  hash: string;
}

export type LinkFailure = "invalid" | "expired";

/**
 * The subscriber's side: sign up, confirm, unsubscribe. Every email is queued in the transaction of the change
 * that causes it; the answer to a signup never depends on what was already known about the address.
 */
export function createSubscriptionService(deps: ServiceDeps & { limits: SignupLimits }) {
  const { db, config, clock, links, limits, secrets } = deps;
  const hashOf = (key: string) => addressHash(secrets.suppressionKey, key);
  const now = () => clock.now().toISOString();
  const confirmUrl = (token: string) => links.confirmUrl(token);
  // An email that cannot be built is logged and skipped: it never fails the signup that caused it.
  const compose = (kind: string, subscriberId: string, build: () => OutboxMessage) =>
    composeMail(build, (err) =>
      deps.events.emit("notification.unbuildable", {
        kind,
        subscriberId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );

  // The confirmation as the outbox keeps it (its shared body named, its token filled in at send time), checked as
  // the outbox will check it; null (logged) when it cannot be built, as for any other email.
  const composeConfirmation = (subscriberId: string, to: string, token: string, locale: string | null) => {
    try {
      const queued = confirmationToQueue(to, token, confirmUrl, config, locale);
      const { message } = queued;
      return { ...queued, message: isPersonalised(message) ? validatePersonalised(message) : validateMessage(message) };
    } catch (err) {
      deps.events.emit("notification.unbuildable", {
        kind: "confirm",
        subscriberId,
        error: err instanceof Error ? err.message : String(err),
      });
      return null;
    }
  };
  // The shared confirmation bodies this store is known to hold: a body is stored with the first signup that needs
  // it, in that signup's transaction, and named here only once that transaction has committed.
  const keptBodies = new Set<string>();
  async function queueConfirmationOf(trx: Db, queued: QueuedConfirmation, key: string) {
    if (queued.body && !keptBodies.has(queued.body.ref)) await keepMailBody(trx, { ...queued.body, created_at: now() });
    await enqueueMessages(trx, OUTBOX_TABLE, [{ message: queued.message, key }], clock.now());
  }

  async function consume(limiter: RateLimiter, key: string, hard: boolean) {
    const verdict = await limiter.consume(key);
    if (hard && !verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    return !verdict.allowed;
  }

  /**
   * `POST /v1/subscriptions`. Resolves the same way whatever the address's state (no enumeration), with what the
   * request's log line says of it: the event (`subscription.pending`, `.held` or `.already_active`) and the masked
   * address (one line per signup: the event line this used to write beside the request line said the same).
   */
  async function signup(
    input: NewSubscription,
    client: Client,
    locale: Locale = "en",
  ): Promise<Record<string, unknown>> {
    const key = emailKey(input.email);
    const hash = hashOf(key);
    // Unknown topics are a 400 naming the field, before anything is counted or written.
    const topicIds = await resolveTopics(db, input.topics);
    const topicSlugs = topicIds.length > 0 ? [...(input.topics ?? [])].sort().join(" ") : null;
    // The wording shown is the one recorded: a version no configured wording has (it changed since the page was
    // loaded) is a 400, so the page shows the new wording before anyone agrees to it.
    const consentText = input.consentVersion
      ? consentTextOfVersion(config, input.consentVersion)
      : consentTextIn(config, locale);
    if (consentText === undefined) {
      throw new InvalidInput([
        { path: "consentVersion", message: "is not the version of the consent wording shown now: reload the page" },
      ]);
    }
    // Hard limits first, so neither a client nor a target address can be used to send confirmation mail in bulk.
    await consume(limits.client, client.hash, true);
    await consume(limits.address, hash, true);
    const overClientLimit = await consume(limits.softClient, client.hash, false);
    const overNetworkLimit = await consume(
      limits.network,
      hashAddress(secrets.clientKey, networkOf(client.address)),
      false,
    );
    const overAddressLimit = await consume(limits.softAddress, hash, false);
    const honeypot = input.company !== undefined && input.company !== null && input.company !== "";

    const at = now();
    // Two first signups of one address at once: on PostgreSQL both may find no row; the second one's insert then
    // finds the first one's row and the signup runs once more against it.
    // Whatever is known about the address, the same statements run in the same order (tests/equal-answers): an
    // address already active has its row and a consent record written as for any other, and where another
    // signup would queue an email, an insert that adds none (the contract: it gets nothing).
    let stored: string | null = null; // the confirmation body this signup's transaction stored, if it did
    const outcome = await retryOnce(ConcurrentSignup, () =>
      groupCommit(db, async (trx) => {
        stored = null;
        const existing = await findByKey(trx, key);
        const flags = screenSignup(
          {
            email: input.email,
            honeypot,
            overClientLimit,
            overNetworkLimit,
            overAddressLimit,
            suppressed: await isSuppressed(trx, hash),
            previouslyRejected: existing?.status === "rejected",
          },
          { disposableDomains: config.DISPOSABLE_DOMAINS.map((d) => d.toLowerCase()) },
        );
        const active = existing?.status === "active";
        // Once held, a signup stays held until a moderator decides: a burst cannot push it past review.
        const held = flags.length > 0 || existing?.status === "pending_review";
        const allFlags = [
          ...new Set([...(existing?.status === "pending_review" ? splitFlags(existing.flags) : []), ...flags]),
        ];
        const token = held || active ? null : newToken();
        const row: SubscriberRow = active
          ? existing // written back as it is: nothing about an active subscriber changes
          : {
              id: existing?.id ?? newId(clock.now().getTime()),
              email: input.email,
              email_key: key,
              name: input.name ?? existing?.name ?? null,
              status: held ? "pending_review" : "pending",
              source: input.source ?? existing?.source ?? null,
              flags: allFlags.join(","),
              reason: null,
              client_hash: client.hash,
              confirm_token_hash: token ? hashToken(token) : (existing?.confirm_token_hash ?? null),
              confirm_expires_at: token
                ? new Date(clock.now().getTime() + config.CONFIRM_TTL).toISOString()
                : (existing?.confirm_expires_at ?? null),
              created_at: existing?.created_at ?? at,
              updated_at: at,
              confirmed_at: existing?.confirmed_at ?? null,
              unsubscribed_at: existing?.unsubscribed_at ?? null,
              locale,
            };
        if (!(await saveSubscriber(trx, row)) && !existing) throw new ConcurrentSignup();
        // The topics of this signup (an active subscriber's stay as they are: the same statements match no row).
        await setSubscriberTopics(trx, active ? "" : row.id, topicIds);
        await addConsent(trx, {
          subscriber_id: row.id,
          kind: "signup",
          consent_text: consentText,
          source: input.source ?? null,
          client_address: client.address,
          created_at: at,
          topics: topicSlugs,
        });
        const newlyHeld = existing?.status !== "pending_review";
        const mailsModerator = held && newlyHeld && Boolean(config.MODERATOR_EMAIL) && !flags.includes("honeypot");
        if (active) {
          if (!held) {
            // The work of a confirmation, down to its email, which is built and dropped: an active address gets
            // nothing, and its answer comes no sooner than anyone's.
            const token = newToken();
            composeConfirmation(row.id, row.email, token, locale);
            hashToken(token);
          }
          if (!held || mailsModerator) await enqueueNone(trx, OUTBOX_TABLE);
          return "already_active";
        }
        if (token) {
          const queued = composeConfirmation(row.id, row.email, token, row.locale);
          const key = `confirm:${row.id}:${row.confirm_token_hash?.slice(0, 16)}`;
          if (queued) {
            await queueConfirmationOf(trx, queued, key);
            if (queued.body) stored = queued.body.ref;
          }
          return "pending";
        }
        if (mailsModerator && config.MODERATOR_EMAIL) {
          const to = config.MODERATOR_EMAIL;
          const signup = { id: row.id, email: row.email, flags: allFlags };
          const message = compose("review", row.id, () =>
            reviewMail(to, signup, links.url("/newsletter/admin#review"), config),
          );
          if (message) await enqueue(trx, OUTBOX_TABLE, message, `review:${row.id}:${at}`, clock.now());
        }
        return "held";
      }),
    );
    if (stored) keptBodies.add(stored);
    return { event: `subscription.${outcome}`, to: maskEmail(input.email) };
  }

  /** The subscriber a confirmation token belongs to, without spending it (the GET page). */
  async function peekConfirmation(token: string): Promise<SubscriberRow | LinkFailure> {
    const row = token ? await findByConfirmHash(db, hashToken(token)) : undefined;
    return checkConfirmable(row);
  }

  function checkConfirmable(row: SubscriberRow | undefined): SubscriberRow | LinkFailure {
    if (!row || !["pending", "pending_review"].includes(row.status)) return "invalid";
    if (!row.confirm_expires_at || Date.parse(row.confirm_expires_at) <= clock.now().getTime()) return "expired";
    return row;
  }

  /**
   * `POST /v1/subscriptions/confirm`: spends the token, makes the person active, keeps the consent record (the
   * text agreed at signup, when, from where) and queues the welcome email.
   */
  async function confirm(token: string, client: Client): Promise<SubscriberRow | LinkFailure> {
    const result = await writeTransaction(db, async (trx) => {
      const row = checkConfirmable(token ? await findByConfirmHash(trx, hashToken(token)) : undefined);
      if (typeof row === "string") return row;
      const at = now();
      const signup = await latestConsent(trx, row.id, "signup");
      const active: SubscriberRow = {
        ...row,
        status: "active",
        confirm_token_hash: null,
        confirm_expires_at: null,
        confirmed_at: at,
        unsubscribed_at: null,
        reason: null,
        updated_at: at,
      };
      await updateSubscriber(trx, row.id, {
        status: "active",
        confirm_token_hash: null,
        confirm_expires_at: null,
        confirmed_at: at,
        unsubscribed_at: null,
        reason: null,
        updated_at: at,
      });
      await addConsent(trx, {
        subscriber_id: row.id,
        kind: "confirm",
        consent_text: signup?.consent_text ?? config.CONSENT_TEXT,
        source: signup?.source ?? row.source,
        client_address: client.address,
        created_at: at,
        topics: signup?.topics ?? null,
      });
      await unsuppress(trx, hashOf(row.email_key));
      await enqueue(
        trx,
        OUTBOX_TABLE,
        welcomeMail(row.email, links.unsubscribeUrl(row.id), config, row.locale, links.preferencesUrl(row.id)),
        `welcome:${row.id}:${at}`,
        clock.now(),
      );
      await deps.webhooks?.subscriber(trx, "subscriber.confirmed", active, "reader");
      return active;
    });
    if (typeof result !== "string") deps.events.emit("subscription.confirmed", { id: result.id });
    return result;
  }

  /** One-click unsubscribe. Idempotent: a second POST, or one for a person since erased, changes nothing. */
  async function unsubscribe(subscriberId: string): Promise<void> {
    const changed = await writeTransaction(db, async (trx) => {
      const row = await findSubscriber(trx, subscriberId);
      if (!row) return false;
      await dropQueuedMail(trx, row.email_key);
      if (!["active", "pending", "pending_review"].includes(row.status)) return false;
      const at = now();
      await updateSubscriber(trx, row.id, {
        status: "unsubscribed",
        unsubscribed_at: at,
        confirm_token_hash: null,
        confirm_expires_at: null,
        updated_at: at,
      });
      await deps.webhooks?.subscriber(
        trx,
        "subscriber.unsubscribed",
        { ...row, status: "unsubscribed", unsubscribed_at: at },
        "reader",
      );
      return true;
    });
    if (changed) deps.events.emit("subscription.unsubscribed", { id: subscriberId });
  }

  /**
   * What the preference page shows: every topic, and which this subscriber chose ([]: every topic). Null for
   * someone not subscribed (unsubscribed, erased, never confirmed): the page then offers nothing to change.
   */
  async function preferences(subscriberId: string) {
    const row = await findSubscriber(db, subscriberId);
    if (row?.status !== "active") return null;
    return { email: row.email, topics: await allTopics(db), chosen: await subscriberTopicSlugs(db, row.id) };
  }

  /**
   * The preference page's POST: the subscriber now follows these topics (every one ticked: every topic, including
   * topics added later). None at all is a 400 naming `topics`: unsubscribing is its own button. Kept as a consent
   * record of kind `topics`.
   */
  async function chooseTopics(subscriberId: string, slugs: readonly string[], client: Client): Promise<boolean> {
    if (slugs.length === 0) {
      throw new InvalidInput(
        [{ path: "topics", message: "must name at least one topic (to receive nothing, unsubscribe)" }],
        "Choose at least one topic, or unsubscribe from everything.",
      );
    }
    const topicIds = await resolveTopics(db, slugs);
    const changed = await writeTransaction(db, async (trx) => {
      const row = await findSubscriber(trx, subscriberId);
      if (row?.status !== "active") return false;
      await setSubscriberTopics(trx, row.id, topicIds);
      const latest = await latestConsent(trx, row.id, "confirm");
      await addConsent(trx, {
        subscriber_id: row.id,
        kind: "topics",
        consent_text: latest?.consent_text ?? config.CONSENT_TEXT,
        source: "preferences",
        client_address: client.address,
        created_at: now(),
        topics:
          topicIds.length > 0
            ? (await topicsBySlug(trx, slugs))
                .map((t) => t.slug)
                .sort()
                .join(" ")
            : null,
      });
      return true;
    });
    if (changed) deps.events.emit("subscription.topics_changed", { id: subscriberId, topics: topicIds.length });
    return changed;
  }

  /**
   * A shared confirmation body the mail worker did not find (its row went missing: a partial restore, an operator's
   * cleanup): stored again when this process rendered it (the name is a hash of the body, so it is the same one),
   * and no longer taken as kept, so the next signup that needs it stores it too. Undefined when this process never
   * rendered it (the worker retries; the retry horizon ends it).
   */
  async function restoreMailBody(ref: string) {
    keptBodies.delete(ref);
    const body = renderedConfirmationBody(config, ref);
    if (!body) return undefined;
    await keepMailBody(db, { ...body, created_at: now() });
    return { text: body.text, html: body.html };
  }

  return { signup, peekConfirmation, confirm, unsubscribe, preferences, chooseTopics, restoreMailBody };
}
export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

class ConcurrentSignup extends Error {}

async function retryOnce<T>(kind: new () => Error, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof kind)) throw err;
    return run();
  }
}

export function splitFlags(flags: string): string[] {
  return flags ? flags.split(",") : [];
}

/** Queues the confirmation email for a held signup a moderator approved (a fresh token, in the caller's trx). */
export async function queueConfirmation(deps: ServiceDeps, trx: Db, row: SubscriberRow) {
  const token = newToken();
  const hash = hashToken(token);
  const at = deps.clock.now().toISOString();
  await updateSubscriber(trx, row.id, {
    status: "pending",
    confirm_token_hash: hash,
    confirm_expires_at: new Date(deps.clock.now().getTime() + deps.config.CONFIRM_TTL).toISOString(),
    updated_at: at,
  });
  await enqueue(
    trx,
    OUTBOX_TABLE,
    confirmationMail(row.email, deps.links.confirmUrl(token), deps.config, row.locale),
    `confirm:${row.id}:${hash.slice(0, 16)}`,
    deps.clock.now(),
  );
}
