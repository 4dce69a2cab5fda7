import { CommentEdit, fieldErrors } from "@parlor/validation/mini";
import type { Strings } from "../../strings/catalogue.ts";
import { call } from "../api.ts";
import { focusOn, h } from "../dom.ts";
import { clearErrors, showErrors, showFailure, textField } from "../fields.ts";
import { ownComments } from "../own-comments.ts";
import type { Comment } from "./types.ts";

export interface OwnContext {
  t: Strings;
  base: string;
  announce: (text: string) => void;
  /** The comment leaves the public thread (deleted, or an edit sends it back to moderation); called before. */
  left: (li: HTMLLIElement) => void;
}

function markPending(li: HTMLLIElement, t: Strings) {
  if (li.classList.contains("pending")) return;
  li.classList.add("pending");
  li.querySelector(":scope > .meta")?.append(h("span", { class: "badge mine" }, t.comments.mine));
}

/** Marks a comment as one only its author sees (held for moderation). */
export const showAsPending = markPending;

/**
 * Edit and Delete for a comment this browser wrote, while its edit window is open; both disappear when it
 * closes. Returns no buttons for anyone else's comment.
 */
export function ownActions(ctx: OwnContext, c: Comment, li: HTMLLIElement): HTMLElement[] {
  const own = ownComments.get(c.id);
  if (!own) return [];
  const { t } = ctx;
  const edit = h("button", { type: "button", class: "link", onclick: () => startEdit(ctx, c, li) }, t.comments.edit);
  const del = h(
    "button",
    { type: "button", class: "link", onclick: () => confirmDelete(ctx, c, li) },
    t.comments.delete,
  );
  const closesIn = Date.parse(own.until) - Date.now();
  setTimeout(() => windowClosed(li, [edit, del]), Math.min(closesIn, 2 ** 31 - 1));
  return [edit, del];
}

function windowClosed(li: HTMLLIElement, buttons: HTMLElement[]) {
  const hadFocus = buttons.some((b) => b === document.activeElement);
  for (const b of buttons) b.remove();
  if (hadFocus) focusOn(li);
}

function parts(li: HTMLLIElement) {
  return {
    body: li.querySelector<HTMLElement>(":scope > .body"),
    actions: li.querySelector<HTMLElement>(":scope > .actions"),
  };
}

function startEdit(ctx: OwnContext, c: Comment, li: HTMLLIElement) {
  const { t } = ctx;
  const own = ownComments.get(c.id);
  const found = parts(li);
  if (!own || !found.body || !found.actions) {
    ctx.announce(t.comments.windowClosed);
    return;
  }
  const body: HTMLElement = found.body;
  const actions: HTMLElement = found.actions;
  const field = textField({
    name: "body",
    path: "body",
    label: t.comments.editLabel,
    multiline: true,
    hint: t.form.bodyHint,
    attrs: { required: true, maxlength: "10000" },
  });
  field.input.value = own.body;
  const general = h("div", { class: "failure", role: "alert", hidden: true });
  const save = h("button", { type: "submit" }, t.comments.save);
  const form = h(
    "form",
    { class: "form edit", novalidate: true },
    field.wrap,
    general,
    h(
      "p",
      { class: "buttons" },
      save,
      h("button", { type: "button", class: "link", onclick: close }, t.comments.cancel),
    ),
  );
  function close() {
    form.remove();
    body.hidden = false;
    actions.hidden = false;
    focusOn(li);
  }
  let busy = false;
  async function send() {
    if (busy) return;
    clearErrors([field], general);
    const checked = CommentEdit.safeParse({ body: field.input.value });
    if (!checked.success) return showErrors(t, [field], fieldErrors(checked.error.issues), general);
    const mine = ownComments.get(c.id);
    if (!mine) return refuse(t.comments.windowClosed);
    busy = true;
    save.setAttribute("aria-disabled", "true");
    const r = await call<Comment & { comment?: Comment; revision?: { status: string } }>(
      `${ctx.base}/v1/comments/${encodeURIComponent(c.id)}`,
      {
        method: "PATCH",
        body: checked.data,
        token: mine.token,
      },
    );
    busy = false;
    save.removeAttribute("aria-disabled");
    if (r.status === 200 && r.data) {
      const updated = r.data.comment ?? r.data;
      ownComments.set(c.id, { ...mine, body: checked.data.body });
      body.innerHTML = updated.html;
      const meta = li.querySelector(":scope > .meta");
      if (meta && !meta.querySelector(".edited")) {
        meta.querySelector("time")?.after(h("span", { class: "edited" }, ` · ${t.comments.edited}`));
      }
      const held = updated.status === "pending" && !li.classList.contains("pending");
      if (held) {
        ctx.left(li);
        markPending(li, t);
      }
      // MODERATION=all: the published text stays up until a moderator reads the edit.
      const waiting = r.data.revision?.status === "pending";
      close();
      ctx.announce(waiting ? t.comments.editWaiting : held ? t.comments.editHeld : t.comments.editSaved);
    } else if (r.status === 400 && r.errors.length > 0) {
      showErrors(t, [field], r.errors, general);
    } else if (r.status === 403 || r.status === 404) {
      refuse(r.status === 403 ? t.comments.windowClosed : t.comments.gone);
    } else {
      showFailure(general, t.form.failed, t.form.retry, () => void send());
    }
  }
  function refuse(message: string) {
    ownComments.remove(c.id);
    for (const b of Array.from(actions.querySelectorAll("button"))) if (b.textContent !== t.comments.reply) b.remove();
    general.replaceChildren(message);
    general.hidden = false;
    focusOn(general);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void send();
  });
  body.hidden = true;
  actions.hidden = true;
  body.after(form);
  field.input.focus();
}

function confirmDelete(ctx: OwnContext, c: Comment, li: HTMLLIElement) {
  const { t } = ctx;
  const { actions } = parts(li);
  if (!actions) return;
  const message = h("span", {}, t.comments.confirmDelete);
  const yes = h("button", { type: "button", class: "danger" }, t.comments.delete);
  const no = h("button", { type: "button", class: "link" }, t.comments.keep);
  const failure = h("span", { class: "failure", role: "alert", hidden: true });
  const box = h(
    "p",
    { class: "confirm", role: "group", "aria-label": t.comments.confirmDelete },
    message,
    yes,
    no,
    failure,
  );
  actions.hidden = true;
  actions.after(box);
  yes.focus();
  no.addEventListener("click", () => {
    box.remove();
    actions.hidden = false;
    (actions.querySelector<HTMLElement>("button:last-child") ?? li).focus();
  });
  let busy = false;
  async function remove() {
    if (busy) return;
    const mine = ownComments.get(c.id);
    if (!mine) return refuse(t.comments.windowClosed);
    busy = true;
    const r = await call(`${ctx.base}/v1/comments/${encodeURIComponent(c.id)}`, {
      method: "DELETE",
      token: mine.token,
    });
    busy = false;
    if (r.status === 204 || r.status === 404) {
      ownComments.remove(c.id);
      ctx.left(li);
      const replies = li.querySelector(":scope > ol.replies");
      if (replies && replies.children.length > 0) {
        // As the API shows it: a stub keeps the replies in their place.
        li.replaceChildren(h("p", { class: "meta" }, t.comments.deleted), replies);
        li.classList.add("deleted");
        focusOn(li);
      } else {
        const next = (li.nextElementSibling ?? li.previousElementSibling ?? li.parentElement?.closest("li")) as
          | HTMLElement
          | null
          | undefined;
        li.remove();
        if (next) focusOn(next);
      }
      ctx.announce(t.comments.removed);
    } else if (r.status === 403) {
      refuse(t.comments.windowClosed);
    } else {
      showFailure(failure, t.form.failed, t.form.retry, () => void remove());
    }
  }
  function refuse(text: string) {
    ownComments.remove(c.id);
    failure.replaceChildren(text);
    failure.hidden = false;
    yes.remove();
  }
  yes.addEventListener("click", () => void remove());
}
