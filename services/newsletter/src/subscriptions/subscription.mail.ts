import { maskEmail } from "@parlor/kit";
import { AUTO_GENERATED, listId, type OutboxMessage, renderEmail } from "@parlor/mail";
import type { NewsletterConfig } from "../config.ts";

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

export function confirmationMail(to: string, confirmUrl: string, config: NewsletterConfig): OutboxMessage {
  const { text, html } = renderEmail({
    title: `Confirm your subscription to ${config.LIST_NAME}`,
    paragraphs: [
      `Someone, probably you, asked to receive ${config.LIST_NAME} from ${config.SITE_NAME} at this address.`,
      "Nothing will be sent unless you confirm. If it was not you, ignore this email and you will not hear from us again.",
    ],
    action: { label: "Confirm my subscription", url: confirmUrl },
    footer: `The link works once and expires in ${Math.round(config.CONFIRM_TTL / 86_400_000) || 1} days.`,
  });
  return {
    to,
    subject: `Confirm your subscription to ${config.LIST_NAME}`,
    text,
    html,
    headers: { ...AUTO_GENERATED },
  };
}

export function welcomeMail(to: string, unsubscribeUrl: string, config: NewsletterConfig): OutboxMessage {
  const { text, html } = renderEmail({
    title: `Welcome to ${config.LIST_NAME}`,
    paragraphs: [
      `You are subscribed to ${config.LIST_NAME} from ${config.SITE_NAME}. The next issue will come to this address.`,
      "No tracking: we do not count opens or clicks.",
    ],
    footer: [config.FOOTER, { label: "Unsubscribe with one click", url: unsubscribeUrl }],
  });
  return {
    to,
    subject: `Welcome to ${config.LIST_NAME}`,
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
