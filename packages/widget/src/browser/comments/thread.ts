import type { Strings } from "../../strings/catalogue.ts";
import { h } from "../dom.ts";
import type { Comment } from "./types.ts";

/** True for the stub a deleted comment with replies leaves behind. */
export function isDeleted(c: Comment) {
  return c.html === "" && c.author.name === "[deleted]";
}

/** Only http(s) URLs become links; the server checks this too, a client never relies on it. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * One comment and its replies. Author names and websites are data: text nodes and an href only. `html` was
 * rendered from Markdown and sanitized by the comments service, and is the one thing set as markup.
 */
export function renderComment(
  c: Comment,
  t: Strings,
  actions: (c: Comment, li: HTMLLIElement) => HTMLElement[],
): HTMLLIElement {
  const li = h("li", { class: "comment", id: `comment-${c.id}`, "data-id": c.id });
  if (isDeleted(c)) {
    li.classList.add("deleted");
    li.append(h("p", { class: "meta" }, t.comments.deleted));
  } else {
    const href = safeHref(c.author.website);
    const author = href
      ? h("a", { class: "author", href, rel: "nofollow ugc noopener" }, c.author.name)
      : h("span", { class: "author" }, c.author.name);
    const time = h("time", { datetime: c.createdAt }, t.date(c.createdAt));
    const meta = h(
      "p",
      { class: "meta" },
      author,
      c.author.isModerator ? h("span", { class: "badge" }, t.comments.moderator) : null,
      c.pinned ? h("span", { class: "badge" }, t.comments.pinned) : null,
      " · ",
      time,
      c.editedAt ? h("span", { class: "edited" }, ` · ${t.comments.edited}`) : null,
    );
    const body = h("div", { class: "body" });
    body.innerHTML = c.html;
    li.append(meta, body);
    const buttons = actions(c, li);
    if (buttons.length > 0) li.append(h("p", { class: "actions" }, ...buttons));
  }
  if (c.replies.length > 0) {
    li.append(h("ol", { class: "replies" }, ...c.replies.map((r) => renderComment(r, t, actions))));
  }
  return li;
}

/** The `<ol class="replies">` of a comment, made when its first reply arrives. */
export function repliesOf(li: HTMLElement): HTMLOListElement {
  const found = li.querySelector<HTMLOListElement>(":scope > ol.replies");
  if (found) return found;
  const ol = h("ol", { class: "replies" });
  li.append(ol);
  return ol;
}
