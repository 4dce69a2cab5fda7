import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every reader page names: the site, and where the blog is (PUBLIC_URL, or the bound origin). */
export interface PageShell {
  site: string;
  home: () => string;
}

// One stylesheet for every reader page. It goes in a <style> element with the answer's nonce: no other style,
// no script, nothing from another origin can run on these pages.
const STYLE = `body{font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#18181b}
h1{font-size:1.6rem;line-height:1.25}main>p{margin:0 0 1rem}
button{font:inherit;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #1e3a8a;background:#1d4ed8;color:#fff;cursor:pointer}
input[type=email],input[type=text]{font:inherit;padding:.45rem .6rem;border:1px solid #a1a1aa;border-radius:.3rem;width:100%;box-sizing:border-box}
label{display:block;margin:.75rem 0}.hp{position:absolute;left:-10000px}.muted{color:#52525b;font-size:.9rem}
textarea{width:100%;min-height:8rem}blockquote{border-left:3px solid #a1a1aa;margin:1rem 0;padding:.25rem 1rem;white-space:pre-wrap}
a.help{display:inline-block;margin:.25rem .5rem .25rem 0;padding:.5rem 1rem;border:2px solid currentColor;border-radius:.5rem}
article h2,article h3,article h4{line-height:1.3}article blockquote{white-space:normal;color:#3f3f46}
article pre{background:#f4f4f5;padding:1rem;overflow:auto}a{color:#1d4ed8}footer{margin-top:2.5rem;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#93c5fd}.muted{color:#a1a1aa}article pre{background:#222}article blockquote{color:#d4d4d8}}`;

/** The policy of a reader page: its own stylesheet (by nonce) and nothing else; forms only back to this origin. */
export function readerPageCsp(nonce: string) {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

/** A page with one message, an optional quote, at most one button that POSTs (a GET never acts: mail scanners open links), and more after. */
export interface MessagePage {
  title: string;
  message: string;
  detail?: string;
  button?: { label: string; action: string; fields: Record<string, string> };
  after?: Html;
}

/**
 * The one shell of every page a reader sees (link pages behind emails, form answers, readers' rights, the
 * archive): the page's own content first (so the crisis page shows its help before anything else), then a link
 * back to the blog by its name; a fresh CSP nonce on every answer; not indexed unless asked.
 *
 *   const pages = createPages({ site: config.SITE_NAME, home: publicUrl });
 *   return pages.message(c, { title: "Confirmed", message: "You will get an email when someone replies." });
 */
/** A page in the reader's language: its lang and dir, and the words of the link back (`{site}`: the blog's name). */
export interface PageLanguage {
  lang: string;
  dir: "ltr" | "rtl";
  back: string;
}

const ENGLISH_PAGE: PageLanguage = { lang: "en", dir: "ltr", back: "Back to {site}" };

export function createPages(shell: PageShell) {
  /**
   * Answers with a page. `index`: search engines may list it (the archive). `storedHtml`: the body holds HTML
   * written elsewhere (an issue) whose style attributes must apply, so styles are allowed inline, not by nonce.
   */
  function send(
    c: Context,
    title: string,
    body: Html,
    options: { status?: number; index?: boolean; storedHtml?: boolean; language?: PageLanguage } = {},
  ) {
    const language = options.language ?? ENGLISH_PAGE;
    const [before, after = ""] = language.back.split("{site}");
    const nonce = randomBytes(16).toString("base64");
    c.header(
      "Content-Security-Policy",
      options.storedHtml ? "default-src 'none'; style-src 'unsafe-inline'; img-src https:" : readerPageCsp(nonce),
    );
    let home: string;
    try {
      home = new URL("/", shell.home()).toString();
    } catch {
      home = "/";
    }
    return c.html(
      html`<!doctype html>
<html lang="${language.lang}"${language.dir === "rtl" ? raw(' dir="rtl"') : ""}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${options.index ? "" : raw('<meta name="robots" content="noindex">')}<title>${title}</title>
${options.storedHtml ? raw(`<style>${STYLE}</style>`) : raw(`<style nonce="${nonce}">${STYLE}</style>`)}</head>
<body><main>${body}</main>
<footer><p><a href="${home}">${before}${shell.site}${after}</a></p></footer></body></html>`,
      (options.status ?? 200) as 200,
    );
  }

  function message(c: Context, page: MessagePage, status = 200, language?: PageLanguage) {
    const { title, message, detail, button, after } = page;
    return send(
      c,
      title,
      html`<h1>${title}</h1><p role="status">${message}</p>
${detail ? html`<blockquote>${detail}</blockquote>` : ""}${
  button
    ? html`<form method="post" action="${button.action}">
${Object.entries(button.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit">${button.label}</button></form>`
    : ""
}${after ?? ""}`,
      { status, language },
    );
  }

  return { send, message, shell };
}
export type Pages = ReturnType<typeof createPages>;
