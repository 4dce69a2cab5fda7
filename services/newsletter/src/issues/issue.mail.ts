import { escapeHtml, type OutboxMessage } from "@parlor/mail";
import type { NewsletterConfig } from "../config.ts";
import type { IssueRow } from "../db/schema.ts";
import { unsubscribeHeaders } from "../subscriptions/subscription.mail.ts";

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT = `font:16px/1.6 ${FONT};color:#27272a;`;

// Many mail clients drop <style> blocks, so each tag of the (already sanitized) body gets its style inline.
// The sanitizer writes tags in one canonical form, which is what these patterns match.
const INLINE: [RegExp, string][] = [
  [/<p>/g, `<p style="margin:0 0 16px;${TEXT}">`],
  [/<h2>/g, `<h2 style="margin:28px 0 12px;font:600 20px/1.3 ${FONT};color:#18181b;">`],
  [/<h3>/g, `<h3 style="margin:24px 0 10px;font:600 18px/1.3 ${FONT};color:#18181b;">`],
  [/<h4>/g, `<h4 style="margin:20px 0 8px;font:600 16px/1.3 ${FONT};color:#18181b;">`],
  [/<(ul|ol)( start="\d+")?>/g, `<$1$2 style="margin:0 0 16px;padding-left:24px;${TEXT}">`],
  [/<li>/g, `<li style="margin:0 0 6px;">`],
  [
    /<blockquote>/g,
    `<blockquote style="margin:0 0 16px;padding:4px 16px;border-left:3px solid #d4d4d8;color:#3f3f46;">`,
  ],
  [/<pre>/g, `<pre style="margin:0 0 16px;padding:12px;background:#f4f4f5;overflow:auto;font:14px/1.5 monospace;">`],
  [/<a href=/g, `<a style="color:#1d4ed8;" href=`],
  [/<hr \/>|<hr>/g, `<hr style="border:0;border-top:1px solid #e4e4e7;margin:24px 0;">`],
  [/<img /g, `<img style="max-width:100%;height:auto;border:0;" `],
];

export function inlineStyles(html: string): string {
  return INLINE.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), html);
}

/**
 * The CAN-SPAM footer: the operator's line, who sends it and from where, where to choose what one receives (the
 * preference page), and how to stop it.
 */
function footerLines(config: NewsletterConfig, links: { unsubscribe: string; preferences?: string }): string[] {
  return [
    config.FOOTER,
    `You get ${config.LIST_NAME} because you subscribed on ${config.SITE_NAME}.`,
    ...(config.POSTAL_ADDRESS ? [config.POSTAL_ADDRESS] : []),
    ...(links.preferences ? [`Choose what you receive: ${links.preferences}`] : []),
    `Unsubscribe with one click: ${links.unsubscribe}`,
  ];
}

/**
 * One issue, as mailed to one person. The body is rendered once per issue; only the unsubscribe link differs.
 * No tracking pixel, no rewritten links.
 */
export function issueMail(
  issue: Pick<IssueRow, "subject" | "html" | "text">,
  to: string,
  links: { unsubscribe: string; web: string; preferences?: string },
  config: NewsletterConfig,
  options: { test?: boolean } = {},
): OutboxMessage {
  const footer = footerLines(config, links);
  const subject = `${options.test ? "[Test] " : ""}${issue.subject}`;
  const text = [
    issue.subject,
    "",
    issue.text.trim(),
    "",
    `Read it on the web: ${links.web}`,
    "",
    "-- ",
    ...footer,
    "",
  ].join("\n");
  const footerHtml = footer
    .map((line) =>
      line.startsWith("Unsubscribe")
        ? `<a href="${escapeHtml(links.unsubscribe)}" style="color:#52525b;">Unsubscribe with one click</a>`
        : links.preferences && line.startsWith("Choose what you receive")
          ? `<a href="${escapeHtml(links.preferences)}" style="color:#52525b;">Choose what you receive</a>`
          : escapeHtml(line),
    )
    .join("<br>");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light"><title>${escapeHtml(issue.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 32px 8px;">
<h1 style="margin:0 0 20px;font:600 24px/1.3 ${FONT};color:#18181b;">${escapeHtml(issue.subject)}</h1>
${inlineStyles(issue.html)}
<p style="margin:24px 0 16px;font:13px/1.5 ${FONT};color:#52525b;"><a href="${escapeHtml(links.web)}" style="color:#52525b;">Read it on the web</a></p>
</td></tr>
<tr><td style="padding:16px 32px 28px;border-top:1px solid #e4e4e7;font:13px/1.5 ${FONT};color:#71717a;">${footerHtml}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { to, subject, text, html, headers: unsubscribeHeaders(links.unsubscribe, config, links.web) };
}
