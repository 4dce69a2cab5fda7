import { AUTO_GENERATED, type OutboxMessage, renderEmail } from "@parlor/mail";

/** The email with the one link that exports or erases what the comments hold about this address. */
export function readerRequestMail(
  to: string,
  action: "export" | "erase",
  url: string,
  site: string,
  ttlHours: number,
): OutboxMessage {
  const erase = action === "erase";
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
