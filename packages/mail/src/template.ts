/** A link we ask the reader to open: "label: url" in the text part, an <a> in the HTML part. */
export interface EmailLink {
  label: string;
  url: string;
}

/** Text someone else wrote (a comment, a reply, an address), shown as a quotation after everything of ours. */
export interface EmailQuote {
  /** Our line before the quotation: what it is. */
  intro: string;
  /** Who wrote it (reader-written too): the quotation's first line, "<by> wrote:". */
  by?: string;
  /** The reader's text, as written. */
  text: string;
}

export interface EmailContent {
  /** The heading, also the HTML <title>. */
  title: string;
  /** Our own words. Plain text; a line break inside one becomes <br>. Never reader-written text: use `quotes`. */
  paragraphs: string[];
  /** The one thing the reader is asked to do: a button in HTML, a labelled link in text. */
  action?: EmailLink;
  /** Further links of ours after the action (reject, the page): labelled links in both parts. */
  links?: EmailLink[];
  /** Reader-written text, after our own lines and links: `> ` lines in the text part, a <blockquote> in HTML. */
  quotes?: EmailQuote[];
  /** Why they got this email and how to stop it; a link here is a link in HTML too. */
  footer: string | (string | EmailLink)[];
  /** The reader's language, when not English: the HTML's lang and dir, and the words before a quotation. */
  language?: EmailLanguage;
}

export interface EmailLanguage {
  lang: string;
  dir: "ltr" | "rtl";
  /** The quotation's first line, `{by}` the writer's name: "{by} escribió:". */
  wrote: string;
}

const ENGLISH: EmailLanguage = { lang: "en", dir: "ltr", wrote: "{by} wrote:" };

/** Our words around a name: `{by}` filled by a function, so nothing in the name is read as a pattern. */
function wroteLine(language: EmailLanguage, by: string, encode: (s: string) => string = (x) => x) {
  return encode(language.wrote).replace("{by}", () => by);
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const P = `margin:0 0 16px;font:16px/1.6 ${FONT};color:#27272a;`;
const QUOTE = `margin:0 0 16px;padding:4px 16px;border-left:3px solid #d4d4d8;font:15px/1.6 ${FONT};color:#3f3f46;`;
// Mail clients ignore logical properties: right to left, the quotation's rule is on the right.
const QUOTE_RTL = QUOTE.replace("border-left", "border-right");

// Every line break a mail client may honour, not only CR and LF: a reader's U+2028 must not start an unquoted line.
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * Renders the text and HTML parts of an email from one description, so the two never say different things.
 * Everything passed in is data: it is escaped, and every link must be an http(s) URL. Reader-written text goes
 * in `quotes`, never in `paragraphs`: it comes after our own lines and links, every line of it prefixed `> `
 * (HTML: a <blockquote>), so a comment that writes "Approve: https://evil.example/…" or a "-- " signature line
 * reads as the quotation it is. The HTML uses tables and inline styles because many mail clients drop <style>.
 *
 *   const { text, html } = renderEmail({ title: "A comment is waiting for you", paragraphs: ["It waits for you."],
 *     action: { label: "Approve", url }, links: [{ label: "Reject", url: rejectUrl }],
 *     quotes: [{ intro: "The comment, as written:", by: "Ann", text: body }],
 *     footer: "You get this because you moderate blog.example." });
 */
export function renderEmail(content: EmailContent): { text: string; html: string } {
  const title = oneLine(content.title);
  const language = content.language ?? ENGLISH;
  const footer = (Array.isArray(content.footer) ? content.footer : [content.footer]).map((l) =>
    typeof l === "string" ? l : link(l),
  );
  const action = content.action ? link(content.action) : null;
  const links = (content.links ?? []).map(link);
  const quotes = content.quotes ?? [];

  const text = [
    title,
    "",
    ...content.paragraphs.flatMap((p) => [p.trim(), ""]),
    ...[...(action ? [action] : []), ...links].map((l) => `${l.label}: ${l.url}`),
    ...(action || links.length ? [""] : []),
    ...quotes.flatMap((q) => [oneLine(q.intro), "", ...quoteLines(q, language).map((l) => `> ${l}`), ""]),
    "-- ", // the signature separator: clients fold away what follows
    ...footer.map((l) => (typeof l === "string" ? l : `${l.label}: ${l.url}`)),
    "",
  ].join("\n");

  const paragraphs = content.paragraphs
    .map((p) => `<p style="${P}">${escapeHtml(p.trim()).replace(/\r?\n/g, "<br>")}</p>`)
    .join("\n");
  const button = action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px;"><tr>
<td style="border-radius:6px;background:#1d4ed8;"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 22px;font:600 16px/1.2 ${FONT};color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(action.label)}</a></td>
</tr></table>
<p style="margin:0 0 16px;font:13px/1.5 ${FONT};color:#52525b;word-break:break-all;">If the button does not work, open this link: <a href="${escapeHtml(action.url)}" style="color:#1d4ed8;">${escapeHtml(action.url)}</a></p>`
    : "";
  const linkList = links.length ? `<p style="${P}">${links.map((l) => anchor(l, "#1d4ed8")).join("<br>")}</p>` : "";
  const quoted = quotes
    .map((q) => {
      const by = q.by
        ? `${wroteLine(language, `<strong>${escapeHtml(oneLine(q.by))}</strong>`, escapeHtml)}<br><br>`
        : "";
      const body = q.text.split(LINE_BREAK).map(escapeHtml).join("<br>");
      return `<p style="${P}">${escapeHtml(oneLine(q.intro))}</p>\n<blockquote style="${language.dir === "rtl" ? QUOTE_RTL : QUOTE}">${by}${body}</blockquote>`;
    })
    .join("\n");
  const footerHtml = footer.map((l) => (typeof l === "string" ? escapeHtml(l) : anchor(l, "#52525b"))).join("<br>");
  const html = `<!doctype html>
<html lang="${escapeHtml(language.lang)}" dir="${language.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 32px 8px;">
<h1 style="margin:0 0 20px;font:600 22px/1.3 ${FONT};color:#18181b;">${escapeHtml(title)}</h1>
${[paragraphs, button, linkList, quoted].filter(Boolean).join("\n")}
</td></tr>
<tr><td style="padding:16px 32px 28px;border-top:1px solid #e4e4e7;font:13px/1.5 ${FONT};color:#71717a;">${footerHtml}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { text, html };
}

/** A quotation's lines: "<by> wrote:", a blank line, then the text, split at every kind of line break. */
function quoteLines(quote: EmailQuote, language: EmailLanguage): string[] {
  const body = quote.text.split(LINE_BREAK);
  return quote.by ? [wroteLine(language, oneLine(quote.by)), "", ...body] : body;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function anchor(l: EmailLink, color: string): string {
  return `<a href="${escapeHtml(l.url)}" style="color:${color};">${escapeHtml(l.label)}</a>`;
}

// \s leaves out NEL (U+0085), which some clients break lines at.
function oneLine(value: string): string {
  return value.replace(/[\s\u0085]+/g, " ").trim();
}

// A javascript: or data: URL in a button would be an attack carried by our own mail.
function link(l: EmailLink): EmailLink {
  const parsed = URL.canParse(l.url) ? new URL(l.url) : null;
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new Error("an email's link must be an http(s) URL");
  }
  return { label: oneLine(l.label), url: parsed.href };
}
