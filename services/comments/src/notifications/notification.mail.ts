import { AUTO_GENERATED, type OutboxMessage, renderEmail, subjectText } from "@parlor/mail";
import { parseFlagDetails } from "../comments/comment.view.ts";
import type { CommentRow } from "../db/schema.ts";
import { readerMail } from "./reader-mail.strings.ts";

// The emails of the comments service, as outbox messages. Everything from readers is data: renderEmail
// escapes it, and subjects carry reader-written text (a page path) only shortened by subjectText.

const FLAG_WORDS: Record<string, string> = {
  link_count: "many links",
  contact_details: "contact details or identifiers",
  crisis: "words of suicide or self-harm",
  blocked_word: "a blocked word",
  honeypot: "the spam trap",
  rate: "posted in a burst",
  reported: "readers reported it (it is hidden until you decide)",
  edited: "an edit of a published comment (readers see the text as it was until you approve the edit)",
};

const MAX_QUOTES = 8;
const MAX_QUOTE = 80;

/**
 * The words that raised each flag, quoted from the comment, one a line: "“wishing I wouldn't wake” (words of
 * suicide or self-harm)". Reader text, so the email shows them as a quotation like the body; the subject never has
 * them.
 */
function quotedReasons(row: CommentRow): string | null {
  const quotes: string[] = [];
  for (const d of parseFlagDetails(row.flag_details)) {
    if (quotes.length >= MAX_QUOTES) break;
    const why = FLAG_WORDS[d.flag] ?? d.flag;
    if (d.start === null || d.end === null) {
      if (d.rule.endsWith("/author_name")) quotes.push(`the author's name (${why})`);
      continue;
    }
    const words = row.body.slice(d.start, d.end).replace(/\s+/g, " ").trim();
    if (words === "") continue;
    const quoted = words.length > MAX_QUOTE ? `${words.slice(0, MAX_QUOTE - 1)}…` : words;
    quotes.push(`\u201c${quoted}\u201d (${why})`);
  }
  return quotes.length > 0 ? quotes.join("\n") : null;
}

/**
 * Tells the moderator a comment waits. Our lines and links come first; the reader's name, address and text, and
 * the words that raised the flags, follow as quotations, so a body that writes its own "Approve:" link or "-- "
 * signature line cannot pass for ours.
 */
export function heldCommentMail(
  to: string,
  row: CommentRow,
  links: { page: string; approve: string; reject: string },
  site: string,
): OutboxMessage {
  const flags = row.flags ? row.flags.split(",") : [];
  const crisis = flags.includes("crisis");
  const edit = flags.includes("edited"); // an edit of a published comment: rejecting it keeps the text up now
  const reasons = quotedReasons(row);
  const { text, html } = renderEmail({
    title: crisis ? "A comment needs a human now" : "A comment is waiting for you",
    paragraphs: [
      ...(crisis
        ? ["The reader may be in crisis. They were shown the crisis helpline; please read their comment now."]
        : []),
      flags.length > 0 ? `Held because of: ${flags.map((f) => FLAG_WORDS[f] ?? f).join(", ")}.` : "Held for review.",
      edit
        ? "The edit is quoted below as the reader wrote it. Approve publishes the edit; reject keeps the text readers see now."
        : "It is quoted below as the reader wrote it. Approve publishes it; reject keeps it off the page.",
    ],
    action: { label: "Approve", url: links.approve },
    links: [
      { label: "Reject", url: links.reject },
      { label: "The page", url: links.page },
    ],
    quotes: [
      {
        intro: edit ? "The comment as edited:" : "The comment:",
        by: `${row.author_name}${row.author_email ? ` <${row.author_email}>` : ""}`,
        text: row.body,
      },
      ...(reasons ? [{ intro: "The words that raised it:", text: reasons }] : []),
    ],
    footer: `You get this because you moderate the comments of ${site}. Each link works once and expires in 7 days.`,
  });
  const page = subjectText(row.uri);
  const subject = crisis
    ? `Needs a human now: a comment on ${page} mentions self-harm`
    : `Comment held on ${page}${flags.length ? ` (${flags.join(", ")})` : ""}`;
  return { to, subject, text, html, headers: { ...AUTO_GENERATED } };
}

/** Asks a reader to confirm reply notifications, in the language they posted in. */
export function confirmNotifyMail(to: string, confirmUrl: string, site: string, locale?: string | null): OutboxMessage {
  const { language, confirm: t } = readerMail(locale, site);
  const { text, html } = renderEmail({
    title: t.title,
    paragraphs: [t.asked, t.unless],
    action: { label: t.action, url: confirmUrl },
    footer: t.footer,
    language,
  });
  return { to, subject: t.subject, text, html, headers: { ...AUTO_GENERATED } };
}

/** Tells a reader who asked for it that their comment got a reply, in the language they posted in. */
export function replyMail(
  to: string,
  reply: CommentRow,
  links: { reply: string; unsubscribe: string },
  site: string,
  locale?: string | null,
): OutboxMessage {
  const { language, reply: t } = readerMail(locale, site);
  const { text, html } = renderEmail({
    title: t.title,
    paragraphs: [t.published],
    action: { label: t.action, url: links.reply },
    quotes: [{ intro: t.intro, by: reply.author_name, text: reply.body }],
    footer: [t.footer, { label: t.unsubscribe, url: links.unsubscribe }],
    language,
  });
  return {
    to,
    subject: t.subject,
    text,
    html,
    headers: {
      // RFC 8058: one-click unsubscribe, POST without cookies.
      "List-Unsubscribe": `<${links.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      ...AUTO_GENERATED,
    },
  };
}
