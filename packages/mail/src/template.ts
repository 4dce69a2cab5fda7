export interface EmailContent {
  /** The heading, also the HTML <title>. */
  title: string;
  /** Plain text; a line break inside one becomes <br>. */
  paragraphs: string[];
  /** The one thing the reader is asked to do: a button in HTML, a labelled link in text. */
  action?: { label: string; url: string };
  /** Why they got this email and how to stop it. */
  footer: string | string[];
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/**
 * Renders the text and HTML parts of an email from one description, so the two never say different things.
 * Everything passed in is data: it is escaped, and the action must be an http(s) URL. The HTML uses tables and
 * inline styles because many mail clients drop <style> blocks.
 *
 *   const { text, html } = renderEmail({ title: "Confirm your address", paragraphs: ["Click to confirm."],
 *     action: { label: "Confirm", url }, footer: "You asked to be told about replies on blog.example." });
 */
export function renderEmail(content: EmailContent): { text: string; html: string } {
  const title = oneLine(content.title);
  const footer = Array.isArray(content.footer) ? content.footer : [content.footer];
  const action = content.action ? { label: oneLine(content.action.label), url: checkUrl(content.action.url) } : null;

  const text = [
    title,
    "",
    ...content.paragraphs.flatMap((p) => [p.trim(), ""]),
    ...(action ? [`${action.label}: ${action.url}`, ""] : []),
    "-- ", // the signature separator: clients fold away what follows
    ...footer,
    "",
  ].join("\n");

  const paragraphs = content.paragraphs
    .map(
      (p) =>
        `<p style="margin:0 0 16px;font:16px/1.6 ${FONT};color:#27272a;">${escapeHtml(p.trim()).replace(/\r?\n/g, "<br>")}</p>`,
    )
    .join("\n");
  const button = action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px;"><tr>
<td style="border-radius:6px;background:#1d4ed8;"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 22px;font:600 16px/1.2 ${FONT};color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(action.label)}</a></td>
</tr></table>
<p style="margin:0 0 16px;font:13px/1.5 ${FONT};color:#52525b;word-break:break-all;">If the button does not work, open this link: <a href="${escapeHtml(action.url)}" style="color:#1d4ed8;">${escapeHtml(action.url)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 32px 8px;">
<h1 style="margin:0 0 20px;font:600 22px/1.3 ${FONT};color:#18181b;">${escapeHtml(title)}</h1>
${paragraphs}
${button}
</td></tr>
<tr><td style="padding:16px 32px 28px;border-top:1px solid #e4e4e7;font:13px/1.5 ${FONT};color:#71717a;">${footer.map(escapeHtml).join("<br>")}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { text, html };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

// A javascript: or data: URL in a button would be an attack carried by our own mail.
function checkUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new Error("the email's action URL must be an http(s) URL");
  }
  return parsed.href;
}
