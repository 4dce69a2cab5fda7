import type { FieldError } from "@parlor/validation";
import type { Context } from "hono";
import { html } from "hono/html";

/** A flat HTML form (`name`, `email`, `website`, `notifyReplies=on`, …) as the JSON body the API takes. */
export function formToNewComment(form: Record<string, string>) {
  return {
    uri: form.uri,
    parentId: form.parentId,
    author: { name: form.name ?? "", email: form.email, website: form.website },
    body: form.body,
    notifyReplies: form.notifyReplies === "on" || form.notifyReplies === "true" || form.notifyReplies === "1",
    homepage: form.homepage,
  };
}

/** True when the client wants a page (a browser posting a form), not JSON. */
export function wantsHtml(c: Context, isForm: boolean): boolean {
  const accept = c.req.header("accept") ?? "";
  if (accept.includes("application/json")) return false;
  return isForm || accept.includes("text/html");
}

/** The page a form post without JavaScript gets when its input is refused: what went wrong, and the text kept. */
export function formErrorPage(errors: FieldError[], back: string, body: string | undefined) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Your comment was not posted</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;min-height:8rem}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head>
<body><main><h1>Your comment was not posted</h1>
<ul role="alert">${errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}</ul>
${body ? html`<p>Your text, so nothing is lost:</p><textarea readonly aria-label="Your comment">${body}</textarea>` : ""}
<p><a href="${back}">Go back to the article</a></p></main></body></html>`;
}

/**
 * What a reader posting without JavaScript sees when the screen heard crisis words: the help at once, before
 * anything else, then the way back. (A redirect would lose it.)
 */
export function crisisPage(notice: { text: string; links: { label: string; href: string }[] }, back: string) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>You are not alone</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
a.help{display:inline-block;margin:.25rem .5rem .25rem 0;padding:.5rem 1rem;border:2px solid currentColor;border-radius:.5rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#9cf}}</style></head>
<body><main><h1>You are not alone</h1>
<p role="alert">${notice.text}</p>
<p>${notice.links.map((l) => html`<a class="help" href="${l.href}">${l.label}</a>`)}</p>
<p>Your comment was received and a person will read it.</p>
<p><a href="${back}">Go back to the article</a></p></main></body></html>`;
}
