import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** The small pages behind email links: one message, at most one button (a GET never acts; mail scanners open links). */
export function linkPage(options: {
  title: string;
  message: string;
  detail?: string;
  button?: { label: string; action: string; token: string; extra?: Record<string, string> };
}): HtmlEscapedString | Promise<HtmlEscapedString> {
  const { title, message, detail, button } = options;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
blockquote{border-left:3px solid #999;margin:1rem 0;padding:.25rem 1rem;white-space:pre-wrap}
button{font:inherit;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #333;background:#1d4ed8;color:#fff;cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head>
<body><main><h1>${title}</h1><p role="status">${message}</p>
${detail ? html`<blockquote>${detail}</blockquote>` : ""}
${
  button
    ? html`<form method="post" action="${button.action}"><input type="hidden" name="token" value="${button.token}">
${Object.entries(button.extra ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit">${button.label}</button></form>`
    : ""
}</main></body></html>`;
}

export const LINK_FAILURE: Record<string, string> = {
  expired: "This link has expired.",
  used: "This link has already been used.",
  malformed: "This link is not valid. Copy the whole link from the email.",
  "bad-signature": "This link is not valid. Copy the whole link from the email.",
  "wrong-purpose": "This link is not valid here.",
};

const ACTOR: Record<string, string> = {
  owner: "the site's owner",
  "email-link": "a moderator, through an email link",
  reader: "its author",
  retention: "the retention job",
  system: "Parlor",
  cli: "an operator, on the command line",
};
const STATUS: Record<string, string> = {
  approved: "approved",
  rejected: "rejected",
  spam: "marked as spam",
  pending: "sent back to the queue",
  deleted: "deleted",
};

/**
 * The page of a moderation link whose comment is no longer waiting: nothing was changed, and who decided when
 * (from the audit log; a comment published at once by the site's policy has no such entry).
 */
export function alreadyDecided(state: { status: string; by: string | null; at: string | null }) {
  const what = STATUS[state.status] ?? state.status;
  const who = state.by ? ` by ${ACTOR[state.by] ?? state.by}` : "";
  const when = state.at ? ` on ${state.at.slice(0, 16).replace("T", " ")} UTC` : "";
  return linkPage({
    title: "Already decided",
    message: `Nothing was changed: this comment was already ${what}${who}${when}.`,
  });
}
