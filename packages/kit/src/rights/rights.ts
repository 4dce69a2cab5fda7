import { createHash } from "node:crypto";
import { emailKey } from "@parlor/validation";
import { maskEmail } from "../core/logger.ts";

export type ReaderAction = "export" | "erase";
export const READER_LINK_TTL_HOURS = 24;

/** A link's check, as the mail package's verifySignedLink answers it. */
export type LinkCheck<T> = { ok: true; payload: T } | { ok: false; reason: string };
export type Erasure<R> = { ok: true; erased: R } | { ok: false; reason: string };

/** What a service adds to the readers'-rights flow: its own data, found by the lower-cased address. */
export interface RightsAdapter<Data, Erased> {
  /** The address to mail the link to, as the reader gave it (or as stored), when anything is held; else null. */
  find(key: string, given: string): Promise<string | null>;
  /** Everything held about the address, for the JSON download. */
  exportData(key: string): Promise<Data>;
  /** Erases, once the erase link checked out (`check` verifies it; a single-use link is spent by the adapter). */
  erase(token: string, check: (token: string) => LinkCheck<{ email: string }>): Promise<Erasure<Erased>>;
  /**
   * Queues the email with the link, or with `url` null the one saying nothing is held about the address; one per
   * address, action and hour (`key` is the outbox's idempotency key).
   */
  mail(
    to: string,
    action: ReaderAction,
    url: string | null,
    ttlHours: number,
    key: string,
    now: Date,
  ): Promise<boolean>;
}

/** The signed links of the flow (the mail package's signedLink/verifySignedLink, with the service's key). */
export interface RightsLinks {
  sign(purpose: string, payload: { email: string }, ttlMs: number, now: Date): string;
  verify(token: string, purpose: string, now: Date): LinkCheck<{ email: string }>;
}

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/**
 * A reader's rights over what a service holds about their address, written once for both services: ask by
 * address, get a signed link by email (only when something is held; the answer is the same either way), open the
 * page behind it, press its button to download the data (JSON) or erase it.
 *
 *   const readers = createReaderRights({ purposes: { export: "reader-export", erase: "reader-erase" }, links,
 *     linkUrl: (action, token) => url(`/comments/me/${action}?token=${token}`), clock, events, adapter });
 */
export function createReaderRights<Data, Erased>(deps: {
  purposes: Record<ReaderAction, string>;
  links: RightsLinks;
  linkUrl: (action: ReaderAction, token: string) => string;
  clock: { now(): Date };
  events: { emit(event: string, fields: Record<string, unknown>): void };
  adapter: RightsAdapter<Data, Erased>;
}) {
  const { adapter, clock, events } = deps;

  /**
   * Mails the link when the address is known, and otherwise a note saying nothing is held about it (a reader may
   * ask, and gets an answer either way). Both take the same steps: one lookup, one signed link, one email queued
   * under the same once-an-hour key, so neither the answer nor its timing tells who commented or subscribed.
   */
  async function request(email: string, action: ReaderAction) {
    const key = emailKey(email);
    const to = await adapter.find(key, email.trim());
    const now = clock.now();
    const token = deps.links.sign(deps.purposes[action], { email: key }, READER_LINK_TTL_HOURS * 3_600_000, now);
    const hour = now.toISOString().slice(0, 13);
    const queued = await adapter.mail(
      to ?? email.trim(),
      action,
      to ? deps.linkUrl(action, token) : null,
      READER_LINK_TTL_HOURS,
      `reader-${action}:${digest(key)}:${hour}`,
      now,
    );
    events.emit(to ? "reader.request_mailed" : "reader.request_unknown", { action, to: maskEmail(key), queued });
  }

  /** Checks a link without spending it (the GET page). */
  function peek(token: string, action: ReaderAction) {
    return deps.links.verify(token, deps.purposes[action], clock.now());
  }

  async function exportData(token: string): Promise<{ ok: true; data: Data } | { ok: false; reason: string }> {
    const link = peek(token, "export");
    if (!link.ok) return link;
    const key = emailKey(link.payload.email);
    const data = await adapter.exportData(key);
    events.emit("reader.exported", { to: maskEmail(key) });
    return { ok: true, data };
  }

  async function erase(token: string): Promise<Erasure<Erased>> {
    const result = await adapter.erase(token, (t) => peek(t, "erase"));
    if (result.ok) events.emit("reader.erased", {});
    return result;
  }

  return { request, peek, exportData, erase };
}
export type ReaderRights<Data = unknown, Erased = unknown> = ReturnType<typeof createReaderRights<Data, Erased>>;
