import { AUTO_GENERATED, type OutboxMessage, renderEmail } from "@parlor/mail";

/**
 * The email with the one link that exports or erases what the comments hold about this address; with `url` null,
 * the one saying they hold nothing about it.
 */
export function readerRequestMail(
  to: string,
  action: "export" | "erase",
  url: string | null,
  site: string,
  ttlHours: number,
): OutboxMessage {
  const erase = action === "erase";
  if (url === null) {
    const { text, html } = renderEmail({
      title: "The comments hold nothing about this address",
      paragraphs: [
        erase
          ? `Someone, probably you, asked ${site} to erase the comments written with this address.`
          : `Someone, probably you, asked ${site} for a copy of everything its comments hold about this address.`,
        `They hold nothing about it: no comment was written with this address and no reply notifications go to it, so there is nothing to ${erase ? "erase" : "send"}.`,
        "If it was not you, ignore this email: nothing happens.",
      ],
      footer: `Sent once by the comments of ${site}.`,
    });
    return {
      to,
      subject: `Nothing held about this address by the comments of ${site}`,
      text,
      html,
      headers: { ...AUTO_GENERATED },
    };
  }
  const { text, html } = renderEmail({
    title: erase ? "Erase your comments?" : "Your comments data",
    paragraphs: [
      erase
        ? `Someone, probably you, asked ${site} to erase the comments written with this address and the address itself.`
        : `Someone, probably you, asked ${site} for a copy of everything its comments hold about this address.`,
      erase
        ? "The link opens a page with one button; nothing is erased until you press it. Replies by others stay, under an empty [deleted] entry."
        : "The link opens a page with one button that downloads the data as a JSON file.",
      "If it was not you, ignore this email: nothing happens.",
    ],
    action: { label: erase ? "Review and erase" : "Get my data", url },
    footer: `Sent once by the comments of ${site}. The link works for ${ttlHours} hours${erase ? ", once" : ""}.`,
  });
  return {
    to,
    subject: erase ? `Erase your comments on ${site}` : `Your comments data from ${site}`,
    text,
    html,
    headers: { ...AUTO_GENERATED },
  };
}
