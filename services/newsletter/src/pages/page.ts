import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `body{font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#18181b}
h1{font-size:1.6rem;line-height:1.25}main>p{margin:0 0 1rem}
button{font:inherit;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #1e3a8a;background:#1d4ed8;color:#fff;cursor:pointer}
input[type=email],input[type=text]{font:inherit;padding:.45rem .6rem;border:1px solid #a1a1aa;border-radius:.3rem;width:100%;box-sizing:border-box}
label{display:block;margin:.75rem 0}.hp{position:absolute;left:-10000px}.muted{color:#52525b;font-size:.9rem}
article h2,article h3,article h4{line-height:1.3}article blockquote{border-left:3px solid #a1a1aa;margin:1rem 0;padding:.1rem 1rem;color:#3f3f46}
article pre{background:#f4f4f5;padding:1rem;overflow:auto}a{color:#1d4ed8}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#93c5fd}.muted{color:#a1a1aa}article pre{background:#222}}`;

/** The shell of every page the service serves: no scripts, no third-party requests, not indexed. */
export function page(title: string, body: Html, options: { index?: boolean } = {}): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${options.index ? "" : raw('<meta name="robots" content="noindex">')}<title>${title}</title>
<style>${raw(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
}

/** A page with one message and at most one button that POSTs (a GET never acts: mail scanners open links). */
export function messagePage(options: {
  title: string;
  message: string;
  button?: { label: string; action: string; fields: Record<string, string> };
  after?: Html;
}): Html {
  const { title, message, button, after } = options;
  return page(
    title,
    html`<h1>${title}</h1><p role="status">${message}</p>
${
  button
    ? html`<form method="post" action="${button.action}">
${Object.entries(button.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit">${button.label}</button></form>`
    : ""
}${after ?? ""}`,
  );
}

/** The signup form, offered again where a confirmation link failed. */
export function signupForm(consentText: string, source = "/newsletter/signup"): Html {
  return html`<form method="post" action="/v1/subscriptions">
<input type="hidden" name="source" value="${source}">
<label>Email <input type="email" name="email" required autocomplete="email"></label>
<div class="hp" aria-hidden="true"><label>Company <input name="company" tabindex="-1" autocomplete="off"></label></div>
<label><input type="checkbox" name="consent" required> ${consentText}</label>
<button type="submit">Sign up again</button></form>`;
}
