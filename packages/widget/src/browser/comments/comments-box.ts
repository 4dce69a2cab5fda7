import type { Strings } from "../../strings/catalogue.ts";
import { threadPageUrl } from "../../thread-page.ts";
import { apiBase, call } from "../api.ts";
import { fallbackValues, focusOn, h, pageOutcome, uid } from "../dom.ts";
import { showFailure } from "../fields.ts";
import { ownComments } from "../own-comments.ts";
import { type CommentFormHandle, commentForm } from "./comment-form.ts";
import { ownActions, showAsPending } from "./own-actions.ts";
import { reportAction } from "./report-action.ts";
import { renderComment, repliesOf } from "./thread.ts";
import type { Comment, Created, Sort, ThreadPage } from "./types.ts";

/**
 * Turns `<div data-parlor-comments data-uri="/blog/…">` into the comments box: the thread (replies nested,
 * oldest/newest, load more), the form, and the reader's own comments editable for a while. Whatever the
 * element held (the plain HTML form) is replaced, keeping what the reader had already typed into it.
 * `data-api` points at another origin; `data-sort="newest"` changes the first order.
 */
export function mountComments(root: HTMLElement, t: Strings) {
  if (root.hasAttribute("data-parlor-mounted")) return;
  root.setAttribute("data-parlor-mounted", "");
  const base = apiBase(root);
  const uri = root.dataset.uri || location.pathname;
  const typed = fallbackValues(root);
  let sort: Sort = root.dataset.sort === "newest" ? "newest" : "oldest";
  let total = 0;
  let next: string | null = null;
  let loading = false;
  let closed = false;

  const titleId = uid("title");
  const count = h("p", { class: "count" }, t.comments.loading);
  const sortButtons = (["oldest", "newest"] as const).map((s) =>
    h(
      "button",
      { type: "button", "aria-pressed": String(s === sort), onclick: () => setSort(s) },
      s === "oldest" ? t.comments.oldest : t.comments.newest,
    ),
  );
  const sortBar = h(
    "div",
    { class: "sort", role: "group", "aria-label": t.comments.sortLabel, hidden: true },
    ...sortButtons,
  );
  const list = h("ol", { class: "thread", "aria-labelledby": titleId });
  const more = h(
    "button",
    { type: "button", class: "more", hidden: true, onclick: () => void load(false) },
    t.comments.loadMore,
  );
  const loadError = h("p", { class: "failure", hidden: true });
  const announcer = h("p", { class: "sr-only", role: "status" });
  const announce = (text: string) => {
    announcer.textContent = "";
    setTimeout(() => {
      announcer.textContent = text; // a change, even to the same words, is read out
    }, 50);
  };
  const ctx = {
    t,
    base,
    announce,
    left: (li: HTMLLIElement) => {
      if (li.classList.contains("pending")) return;
      total = Math.max(0, total - 1);
      showCount();
    },
  };
  const actions = (c: Comment, li: HTMLLIElement) =>
    [
      closed
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "link reply",
              "aria-label": t.comments.replyTo(c.author.name),
              onclick: () => openReply(c, li),
            },
            t.comments.reply,
          ),
      ...ownActions(ctx, c, li),
      // Reports are for what others wrote and readers can see: not on this browser's own comments.
      c.status === undefined && !ownComments.get(c.id) ? reportAction(t, base, c, li) : null,
    ].filter((b): b is HTMLElement => b !== null);

  const main = commentForm({
    t,
    base,
    uri,
    title: t.form.heading,
    initial: typed,
    draftKey: `parlor-draft:${uri}`,
    onCreated: (created, markdown) => insertCreated(created, markdown, null),
    onClosed: () => setClosed(),
  });
  const closedNote = h("p", { class: "closed" }, t.comments.closed);
  const outcome = pageOutcome();
  if (outcome && outcome in t.outcomes && !["pending", "subscribed"].includes(outcome))
    main.showStatus(t.outcomes[outcome]);

  root.replaceChildren(
    h(
      "section",
      { class: "parlor parlor-comments", "aria-labelledby": titleId },
      h("h2", { id: titleId }, t.comments.title),
      count,
      main.el,
      sortBar,
      list,
      more,
      loadError,
      announcer,
    ),
  );
  if (typed.body && document.activeElement === document.body) main.focus();

  function showCount() {
    count.textContent = total === 0 ? t.comments.empty : t.comments.count(total);
    sortBar.hidden = list.children.length < 2;
  }

  /** Adds a top-level comment from the API, replacing this browser's earlier copy of it (now approved). */
  function place(c: Comment) {
    document.getElementById(`comment-${c.id}`)?.remove();
    const li = renderComment(c, t, actions);
    list.append(li);
    return li;
  }

  async function load(reset: boolean, cursor: string | null = reset ? null : next) {
    if (loading) return null;
    loading = true;
    list.setAttribute("aria-busy", "true");
    more.setAttribute("aria-disabled", "true");
    const r = await call<ThreadPage>(threadPageUrl(base, uri, sort, cursor));
    loading = false;
    list.removeAttribute("aria-busy");
    more.removeAttribute("aria-disabled");
    if (r.status !== 200 || !r.data) {
      if (reset) count.textContent = "";
      // On the first load nobody asked for anything yet: the Retry button does not take focus then.
      const asked = !reset || loadError.contains(document.activeElement) || sortBar.contains(document.activeElement);
      showFailure(loadError, t.comments.loadFailed, t.form.retry, () => void load(reset, cursor), asked);
      return null;
    }
    if (loadError.contains(document.activeElement)) focusOn(count); // the Retry button goes: focus stays near
    loadError.hidden = true;
    if (reset) list.replaceChildren();
    if (r.data.closed) setClosed();
    const added = r.data.comments.map(place);
    total = r.data.total;
    next = r.data.nextCursor;
    more.hidden = !next;
    showCount();
    if (!reset && added[0]) focusOn(added[0]); // "load more" from the keyboard lands on what it loaded
    return added;
  }

  /** A closed page: the form gives way to a line saying so, and no Reply buttons (comments stay readable). */
  function setClosed() {
    if (closed) return;
    closed = true;
    const hadFocus = main.el.contains(document.activeElement);
    if (!main.el.querySelector(".failure:not([hidden])")) main.el.replaceWith(closedNote);
    else main.el.before(closedNote); // a 409 just now: keep the form and its text until the reader leaves
    for (const b of root.querySelectorAll("button.reply")) b.remove();
    if (reply && !reply.form.el.querySelector(".failure:not([hidden])")) reply.form.el.remove();
    if (hadFocus && closedNote.isConnected) focusOn(closedNote);
  }

  function setSort(s: Sort) {
    if (s === sort) return;
    sort = s;
    for (const b of sortButtons) b.setAttribute("aria-pressed", String(b === sortButtons[s === "oldest" ? 0 : 1]));
    void load(true);
  }

  let reply: { form: CommentFormHandle; li: HTMLLIElement } | null = null;
  function openReply(c: Comment, li: HTMLLIElement) {
    if (reply?.li === li && reply.form.el.isConnected) return reply.form.focus();
    reply?.form.el.remove();
    const form = commentForm({
      t,
      base,
      uri,
      parentId: c.id,
      title: t.comments.replyTo(c.author.name),
      initial: main.identity(),
      onCancel: () => {
        form.el.remove();
        reply = null;
        li.querySelector<HTMLElement>(":scope > .actions > button")?.focus();
      },
      onCreated: (created, markdown) => insertCreated(created, markdown, li),
      onClosed: () => setClosed(),
    });
    li.querySelector(":scope > .actions")?.after(form.el);
    reply = { form, li };
    form.focus();
  }

  /** A 201: approved comments go into the thread at once; held ones are shown to their author only. */
  function insertCreated(created: Created, markdown: string, parent: HTMLLIElement | null) {
    const c = { ...created.comment, replies: [] };
    ownComments.set(c.id, { token: created.editToken, until: created.editableUntil, body: markdown });
    const li = renderComment(c, t, actions);
    if (c.status === "approved") total += 1;
    else showAsPending(li, t);
    if (parent) repliesOf(parent).append(li);
    else if (sort === "newest") list.prepend(li);
    else list.append(li);
    showCount();
    if (c.status === "approved" && !parent) announce(t.form.published);
  }

  /** A link from a reply email (`?parlor-comment=ID#comment-ID`): open the thread where that comment is. */
  async function showLinked(added: HTMLElement[] | null) {
    const id =
      new URLSearchParams(location.search).get("parlor-comment") ?? /^#comment-(.+)$/.exec(location.hash)?.[1] ?? null;
    if (!id || !added) return;
    let target = document.getElementById(`comment-${id}`);
    if (!target) {
      const r = await call<{ cursor: string }>(`${base}/v1/comments/${encodeURIComponent(id)}`);
      if (r.status !== 200 || !r.data?.cursor || sort !== "oldest") return;
      await load(false, r.data.cursor);
      target = document.getElementById(`comment-${id}`);
    }
    if (!target) return;
    target.classList.add("linked");
    target.scrollIntoView({ block: "center" });
    focusOn(target);
  }

  void load(true).then((added) => {
    performance.mark?.("parlor:comments-rendered");
    root.setAttribute("data-parlor-ready", "");
    return showLinked(added);
  });
}
