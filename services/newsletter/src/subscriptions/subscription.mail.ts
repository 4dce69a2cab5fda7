import { maskEmail, newToken } from "@parlor/kit";
import { AUTO_GENERATED, listId, type OutboxMessage, renderEmail } from "@parlor/mail";
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
const renderedConfirmations = new WeakMap<NewsletterConfig, Map<string, { sample: string; mail: OutboxMessage }>>();

/**
 * confirmationMail for a fresh token, rendered once per configuration, language and link: every signup's
 * confirmation is the same email but for its token, so the first one is rendered with a sample token of the same
 * shape and each later one is that email with its own token in the sample's places (the same bytes a render gives,
 * `subscription.mail.test.ts`). A token of another shape is rendered whole.
 *
 *   confirmationMailWithToken(row.email, newToken(), (t) => links.confirmUrl(t), config, row.locale)
 */
export function confirmationMailWithToken(
  to: string,
  token: string,
  confirmUrl: (token: string) => string,
  config: NewsletterConfig,
  locale?: string | null,
): OutboxMessage {
  if (!TOKEN.test(token)) return confirmationMail(to, confirmUrl(token), config, locale);
  let byLink = renderedConfirmations.get(config);
  if (!byLink) {
    byLink = new Map();
    renderedConfirmations.set(config, byLink);
  }
  // The link without its token: PUBLIC_URL is read at each call, so a changed one renders anew.
  const key = `${locale ?? ""} ${confirmUrl("")}`;
  let rendered = byLink.get(key);
  if (!rendered) {
    const sample = newToken();
    rendered = { sample, mail: confirmationMail(to, confirmUrl(sample), config, locale) };
    if (byLink.size >= 64) byLink.clear();
    byLink.set(key, rendered);
  }
  const { sample, mail } = rendered;
  return {
    ...mail,
    to,
    text: mail.text.replaceAll(sample, token),
    html: mail.html.replaceAll(sample, token),
    headers: { ...mail.headers },
  };
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
