import { AUTO_GENERATED, type OutboxMessage, renderEmail } from "@parlor/mail";
import type { NewsletterConfig } from "../config.ts";

/**
 * The email with the one link that exports or erases what the newsletter holds about this address; with `url`
 * null, the one saying it holds nothing about it.
 */
export function readerRequestMail(
  to: string,
  action: "export" | "erase",
  url: string | null,
  config: Pick<NewsletterConfig, "LIST_NAME" | "SITE_NAME">,
  ttlHours: number,
): OutboxMessage {
  const erase = action === "erase";
  if (url === null) {
    const { text, html } = renderEmail({
      title: `${config.LIST_NAME} holds nothing about this address`,
      paragraphs: [
        erase
          ? `Someone, probably you, asked ${config.SITE_NAME} to erase this address from ${config.LIST_NAME}.`
          : `Someone, probably you, asked ${config.SITE_NAME} for a copy of everything ${config.LIST_NAME} holds about this address.`,
        `${config.LIST_NAME} holds nothing about it: the address is not subscribed and has no consent record, so there is nothing to ${erase ? "erase" : "send"}.`,
        "If it was not you, ignore this email: nothing happens.",
      ],
      footer: `Sent once by ${config.SITE_NAME}.`,
    });
    return {
      to,
      subject: `Nothing held about this address by ${config.LIST_NAME}`,
      text,
      html,
      headers: { ...AUTO_GENERATED },
    };
  }
  const { text, html } = renderEmail({
    title: erase ? `Erase your subscription data?` : `Your ${config.LIST_NAME} data`,
    paragraphs: [
      erase
        ? `Someone, probably you, asked ${config.SITE_NAME} to erase this address from ${config.LIST_NAME}: the subscription, its consent record and every email sent to it.`
        : `Someone, probably you, asked ${config.SITE_NAME} for a copy of everything ${config.LIST_NAME} holds about this address, its consent record included.`,
      erase
        ? "The link opens a page with one button; nothing is erased until you press it. Afterwards only a keyed hash of the address stays, so it is never mailed again by mistake."
        : "The link opens a page with one button that downloads the data as a JSON file.",
      "If it was not you, ignore this email: nothing happens.",
    ],
    action: { label: erase ? "Review and erase" : "Get my data", url },
    footer: `Sent once by ${config.SITE_NAME}. The link works for ${ttlHours} hours.`,
  });
  return {
    to,
    subject: erase ? `Erase your data from ${config.LIST_NAME}` : `Your data from ${config.LIST_NAME}`,
    text,
    html,
    headers: { ...AUTO_GENERATED },
  };
}
