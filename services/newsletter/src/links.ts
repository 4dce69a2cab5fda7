import { signedLink, verifySignedLink } from "@parlor/mail";

const UNSUBSCRIBE = "newsletter-unsubscribe";
const PREFERENCES = "newsletter-preferences";
// An unsubscribe link must keep working for as long as anyone may open an old issue.
const TEN_YEARS = 3650 * 86_400_000;

/**
 * Builds and checks the links in emails. Unsubscribe links are signed (HMAC) and carry only the subscriber id;
 * they are not single-use, because mail clients may POST a one-click request more than once.
 */
export function createLinks(deps: { linkKey: string; publicUrl: () => string; clock: { now(): Date } }) {
  const url = (path: string) => `${deps.publicUrl().replace(/\/$/, "")}${path}`;
  return {
    url,
    unsubscribeToken(subscriberId: string) {
      return signedLink(deps.linkKey, {
        purpose: UNSUBSCRIBE,
        payload: { s: subscriberId },
        ttlMs: TEN_YEARS,
        now: deps.clock.now(),
      });
    },
    unsubscribeUrl(subscriberId: string) {
      return url(`/v1/subscriptions/unsubscribe?token=${this.unsubscribeToken(subscriberId)}`);
    },
    /** The subscriber id of an unsubscribe token, or why it is refused. */
    readUnsubscribe(token: string) {
      const link = verifySignedLink<{ s: string }>(deps.linkKey, token, UNSUBSCRIBE, deps.clock.now());
      if (!link.ok) return { ok: false as const, reason: link.reason };
      if (typeof link.payload?.s !== "string") return { ok: false as const, reason: "malformed" as const };
      return { ok: true as const, subscriberId: link.payload.s };
    },
    /** The subscriber's preference page (topics, unsubscribe from all): signed like the unsubscribe link. */
    preferencesUrl(subscriberId: string) {
      const token = signedLink(deps.linkKey, {
        purpose: PREFERENCES,
        payload: { s: subscriberId },
        ttlMs: TEN_YEARS,
        now: deps.clock.now(),
      });
      return url(`/v1/subscriptions/preferences?token=${token}`);
    },
    /** The subscriber id of a preference-page token, or why it is refused. */
    readPreferences(token: string) {
      const link = verifySignedLink<{ s: string }>(deps.linkKey, token, PREFERENCES, deps.clock.now());
      if (!link.ok) return { ok: false as const, reason: link.reason };
      if (typeof link.payload?.s !== "string") return { ok: false as const, reason: "malformed" as const };
      return { ok: true as const, subscriberId: link.payload.s };
    },
    confirmUrl(token: string) {
      return url(`/v1/subscriptions/confirm?token=${token}`);
    },
  };
}
export type Links = ReturnType<typeof createLinks>;
