import type { FieldError } from "@parlor/validation";
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
    pageTitle: form.pageTitle,
  };
}

/** What a form post without JavaScript gets when its input is refused: what went wrong, and the text kept. */
export function formErrorPage(errors: FieldError[], back: string, body: string | undefined) {
  return html`<h1>Your comment was not posted</h1>
<ul role="alert">${errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}</ul>
${body ? html`<p>Your text, so nothing is lost:</p><textarea readonly aria-label="Your comment">${body}</textarea>` : ""}
<p><a href="${back}">Go back to the article</a></p>`;
}

/**
 * What a reader posting without JavaScript sees when the screen heard crisis words: the help at once, before
 * anything else (the page shell puts its own link after the content), then the way back. (A redirect would lose it.)
 */
export function crisisPage(
  notice: { text: string; links: { label: string; href: string }[] },
  back: string,
  words: CrisisWords = ENGLISH_CRISIS,
) {
  return html`<h1>${words.title}</h1>
<p role="alert">${notice.text}</p>
<p>${notice.links.map((l) => html`<a class="help" href="${l.href}">${l.label}</a>`)}</p>
<p>${words.received}</p>
<p><a href="${back}">${words.backToArticle}</a></p>`;
}

/** The crisis page's own words, in the reader's language (the widget's crisis texts). */
export interface CrisisWords {
  title: string;
  received: string;
  backToArticle: string;
}

const ENGLISH_CRISIS: CrisisWords = {
  title: "You are not alone",
  received: "Your comment was received and a person will read it.",
  backToArticle: "Go back to the article",
};
