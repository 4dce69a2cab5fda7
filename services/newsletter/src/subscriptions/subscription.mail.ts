import { createHash } from "node:crypto";
import { maskEmail } from "@parlor/kit";
import { AUTO_GENERATED, listId, type OutboxMessage, renderEmail, type StoredMessage } from "@parlor/mail";
import type { NewsletterConfig } from "../config.ts";
import { subscriberMail } from "./subscriber-mail.strings.ts";

/**
 * The headers of list mail. RFC 8058 §3.1: List-Unsubscribe with an https URI and List-Unsubscribe-Post, so a mail
 * client can unsubscribe with one POST (a mailto: is added only when an address that someone reads is
 * configured). RFC 2919: List-Id, named after the public site (`siteUrl`, by default the unsubscribe link's).
 */
export function unsubscribeHeaders(
  unsubscribeUrl: string,
  config: Pick<NewsletterConfig, "UNSUBSCRIBE_MAILTO" | "LIST_NAME">,
  siteUrl = unsubscribeUrl,
) {
  const mailto = config.UNSUBSCRIBE_MAILTO ? `, <mailto:${config.UNSUBSCRIBE_MAILTO}?subject=unsubscribe>` : "";
  return {
    "List-Id": listId("newsletter", config.LIST_NAME, siteUrl),
    "List-Unsubscribe": `<${unsubscribeUrl}>${mailto}`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  } as const;
}

export function confirmationMail(
  to: string,
  confirmUrl: string,
  config: NewsletterConfig,
  locale?: string | null,
): OutboxMessage {
  const days = String(Math.round(config.CONFIRM_TTL / 86_400_000) || 1);
  const { language, confirm: t } = subscriberMail(locale, { list: config.LIST_NAME, site: config.SITE_NAME, days });
  const { text, html } = renderEmail({
    title: t.subject,
    paragraphs: [t.asked, t.unless],
    action: { label: t.action, url: confirmUrl },
    footer: t.footer,
    language,
  });
  return { to, subject: t.subject, text, html, headers: { ...AUTO_GENERATED } };
}

/** A token as newToken makes it: 32 random bytes, base64url (43 characters, no character HTML or a URL escapes). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/**
 * Where a confirmation's shared body has its token: a fixed string of a token's shape, so the same configuration,
 * language and link give the same body, and so the same stored row, across restarts.
 */
export const TOKEN_PLACEHOLDER = createHash("sha256").update("parlor confirmation token").digest("base64url");
/** The prefix of a shared confirmation body's name (an issue's body is named by the id, a ULID). */
export const CONFIRMATION_BODY = "confirm-";

/** A confirmation to queue: the message for the outbox row and, when it is personalised, its shared body. */
export interface QueuedConfirmation {
  message: StoredMessage;
  /** The body the message names (`ref`), to be stored with the row unless it already is. */
  body?: { ref: string; text: string; html: string };
}

const renderedConfirmations = new WeakMap<
  NewsletterConfig,
  Map<string, { mail: OutboxMessage; body: { ref: string; text: string; html: string } }>
>();

/**
 * confirmationMail for a fresh token, as the outbox keeps it: every signup's confirmation is the same email but
 * for its token, so it is rendered once per configuration, language and link, with TOKEN_PLACEHOLDER where the
 * token goes, and stored once (`body`, named by a hash of its text and html); each signup's row holds the address,
 * subject, headers and its token, which the mail worker puts in the placeholder's places at send time (the same
 * bytes a whole render gives, `subscription.mail.test.ts`). A token of another shape is rendered whole.
 *
 *   const { message, body } = confirmationToQueue(row.email, newToken(), (t) => links.confirmUrl(t), config, locale)
 */
export function confirmationToQueue(
  to: string,
  token: string,
  confirmUrl: (token: string) => string,
  config: NewsletterConfig,
  locale?: string | null,
): QueuedConfirmation {
  if (!TOKEN.test(token)) return { message: confirmationMail(to, confirmUrl(token), config, locale) };
  let byLink = renderedConfirmations.get(config);
  if (!byLink) {
    byLink = new Map();
    renderedConfirmations.set(config, byLink);
  }
  // The link without its token: PUBLIC_URL is read at each call, so a changed one renders anew.
  const key = `${locale ?? ""} ${confirmUrl("")}`;
  let rendered = byLink.get(key);
  if (!rendered) {
    const mail = confirmationMail(to, confirmUrl(TOKEN_PLACEHOLDER), config, locale);
    const hash = createHash("sha256").update(mail.text).update("\0").update(mail.html).digest("hex");
    rendered = { mail, body: { ref: `${CONFIRMATION_BODY}${hash.slice(0, 40)}`, text: mail.text, html: mail.html } };
    if (byLink.size >= 64) byLink.clear();
    byLink.set(key, rendered);
  }
  const { mail, body } = rendered;
  return {
    message: {
      to,
      subject: mail.subject,
      headers: { ...mail.headers },
      body: body.ref,
      fill: { [TOKEN_PLACEHOLDER]: token },
    },
    body,
  };
}

/**
 * A shared confirmation body this process rendered for `config`, by its name (the mail worker's way back to a body
 * whose stored row went missing); undefined when it was never rendered here, or has been dropped since.
 */
export function renderedConfirmationBody(config: NewsletterConfig, ref: string) {
  for (const { body } of renderedConfirmations.get(config)?.values() ?? []) if (body.ref === ref) return body;
  return undefined;
}

/** The first list email: its footer links to the preference page (topics) and the one-click unsubscribe. */
export function welcomeMail(
  to: string,
  unsubscribeUrl: string,
  config: NewsletterConfig,
  locale?: string | null,
  preferencesUrl?: string,
): OutboxMessage {
  const { language, welcome: t } = subscriberMail(locale, { list: config.LIST_NAME, site: config.SITE_NAME });
  const { text, html } = renderEmail({
    title: t.subject,
    paragraphs: [t.subscribed, t.tracking],
    footer: [
      config.FOOTER,
      ...(preferencesUrl ? [{ label: t.preferences, url: preferencesUrl }] : []),
      { label: t.unsubscribe, url: unsubscribeUrl },
    ],
    language,
  });
  return {
    to,
    subject: t.subject,
    text,
    html,
    headers: { ...unsubscribeHeaders(unsubscribeUrl, config), ...AUTO_GENERATED },
  };
}

/**
 * Tells the moderator a signup waits. The address is masked (erasing a person must not leave it in this mail) and,
 * being what the signup typed, quoted after our lines and link.
 */
export function reviewMail(
  to: string,
  signup: { id: string; email: string; flags: string[] },
  consoleUrl: string,
  config: NewsletterConfig,
): OutboxMessage {
  const { text, html } = renderEmail({
    title: "A newsletter signup is waiting for review",
    paragraphs: [
      `A signup for ${config.LIST_NAME} (subscriber ${signup.id}) is held.`,
      `Held because of: ${signup.flags.join(", ")}. Nothing has been mailed to the address.`,
      "Approve it to send the confirmation email, or reject it.",
    ],
    action: { label: "Open the review queue", url: consoleUrl },
    quotes: [{ intro: "The address it gave, masked:", text: maskEmail(signup.email) }],
    footer: `You get this because you moderate ${config.LIST_NAME} of ${config.SITE_NAME}.`,
  });
  return {
    to,
    subject: `Newsletter signup held for review (${signup.flags.join(", ")})`,
    text,
    html,
    headers: { ...AUTO_GENERATED },
  };
}
