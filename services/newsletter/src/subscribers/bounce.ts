import type { MailWorkerOptions } from "@parlor/mail";
import type { SubscriberService } from "./subscriber.service.ts";

type OnDead = NonNullable<MailWorkerOptions["onDead"]>;

// Mail to subscribers (not the moderator's, not an editor's test send) is what a bounce says something about.
const SUBSCRIBER_MAIL = /^(issue|confirm|welcome):/;

/**
 * The mail worker's `onDead` hook: an address the relay refused for good at send time is marked `bounced` and
 * suppressed. A 5xx reply counts, except 5.7.x (policy: our sender is blocked or unauthenticated, which says
 * nothing about the address, and suppressing on it would wipe out the list during one misconfiguration).
 */
export function bounceHook(subscribers: SubscriberService): OnDead {
  return async (row, outcome) => {
    if (!outcome.permanent || !SUBSCRIBER_MAIL.test(row.idempotency_key)) return;
    const code = outcome.responseCode;
    const refused =
      code !== undefined ? code >= 500 && code < 600 : /\bEENVELOPE\b|recipient refused/.test(outcome.reason);
    if (!refused || /\b5\.7\.\d+/.test(outcome.reason)) return;
    await subscribers.recordProblem(row.recipient, { kind: "bounce", detail: outcome.reason });
  };
}
