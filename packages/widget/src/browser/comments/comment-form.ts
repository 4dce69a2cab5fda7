import { CommentForm, fieldErrors } from "@parlor/validation/mini";
import type { Strings } from "../../strings/catalogue.ts";
import { call } from "../api.ts";
import { focusOn, h } from "../dom.ts";
import { checkField, clearErrors, honeypot, showErrors, showFailure, textField } from "../fields.ts";
import { showNotice } from "./notice.ts";
import type { Created } from "./types.ts";

export interface CommentFormOptions {
  t: Strings;
  base: string;
  uri: string;
  /** Set for a reply. */
  parentId?: string;
  /** What to fill in: the plain form's leftovers, or the main form's name and email for a reply. */
  initial?: Record<string, string>;
  /** The form's accessible name ("Reply to Ana"). */
  title: string;
  /** sessionStorage key that keeps the unsent text across a reload. */
  draftKey?: string;
  onCancel?: () => void;
  /** A 201: the comment as created and the Markdown that was sent. */
  onCreated: (created: Created, markdown: string) => void;
  /** 409: the page closed since it was loaded. */
  onClosed?: () => void;
}

export type CommentFormHandle = ReturnType<typeof commentForm>;

function draft(key: string | undefined, value?: string): string {
  if (!key) return "";
  try {
    if (value === undefined) return sessionStorage.getItem(key) ?? "";
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage off */
  }
  return "";
}

/**
 * The page's title, for the moderators' queue: its og:title when it has one (no " | Site" suffix), else the
 * document's; control characters out, spaces collapsed, at most 200 characters (the API's limit).
 */
function pageTitle(): string {
  const og = document.querySelector<HTMLMetaElement>('meta[property="og:title"]')?.content;
  const clean = (og || document.title).replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\s]+/g, " ").trim();
  return Array.from(clean).slice(0, 200).join("").trim();
}

/**
 * The comment form: body, name, optional email with "notify me of replies", optional website. Checks with the
 * server's own rules before sending, shows the server's per-field errors under the fields, and keeps every
 * character typed when a request fails, with a Retry button.
 */
export function commentForm(o: CommentFormOptions) {
  const { t } = o;
  const privacy = h("p", { class: "hint privacy" }, h("strong", {}, t.form.privacy), ` ${t.form.privacyMore}`);
  const f = {
    body: textField({
      name: "body",
      path: "body",
      label: t.form.body,
      multiline: true,
      hint: [privacy, t.form.bodyHint],
      attrs: { required: true, maxlength: "10000" },
    }),
    name: textField({
      name: "name",
      path: "author.name",
      label: t.form.name,
      attrs: { required: true, maxlength: "100", autocomplete: "name" },
    }),
    email: textField({
      name: "email",
      path: "author.email",
      label: t.form.email,
      note: t.form.emailNote,
      type: "email",
      attrs: { autocomplete: "email" },
    }),
    website: textField({
      name: "website",
      path: "author.website",
      label: t.form.website,
      note: t.form.optional,
      type: "url",
      attrs: { autocomplete: "url", placeholder: "https://" },
    }),
    notify: checkField({ name: "notifyReplies", path: "notifyReplies", label: t.form.notify, hint: t.form.notifyHint }),
  };
  const fields = Object.values(f);
  const hp = honeypot("homepage", t.form.honeypot);
  const notice = h("div", { class: "notice", hidden: true });
  const general = h("div", { class: "failure", role: "alert", hidden: true });
  const status = h("p", { class: "status", role: "status" });
  const submit = h("button", { type: "submit" }, t.form.submit);
  // The server renders the preview with the rules of posting, so it shows what the comment will look like.
  const previewed = h("div", {
    class: "body preview",
    role: "region",
    "aria-label": t.form.previewLabel,
    hidden: true,
  });
  const preview = h("button", { type: "button", class: "link", "aria-pressed": "false" }, t.form.preview);
  const cancel = o.onCancel
    ? h("button", { type: "button", class: "link", onclick: o.onCancel }, t.comments.cancel)
    : null;
  const inputs = h(
    "div",
    { class: "inputs" },
    f.body.wrap,
    previewed,
    h("div", { class: "row" }, f.name.wrap, f.email.wrap),
    f.website.wrap,
    f.notify.wrap,
    hp.wrap,
    general,
    h("p", { class: "buttons" }, submit, preview, cancel),
  );
  // method, action and the hidden fields stay as in the plain form: should a script error stop the widget
  // half-way, the browser still posts the form as the service takes it without JavaScript.
  const el = h(
    "form",
    { class: "form", method: "post", action: `${o.base}/v1/comments`, novalidate: true, "aria-label": o.title },
    h("input", { type: "hidden", name: "uri", value: o.uri }),
    o.parentId ? h("input", { type: "hidden", name: "parentId", value: o.parentId }) : null,
    notice,
    inputs,
    status,
  );

  const initial = o.initial ?? {};
  f.body.input.value = initial.body || draft(o.draftKey);
  f.name.input.value = initial.name ?? "";
  f.email.input.value = initial.email ?? "";
  f.website.input.value = initial.website ?? "";
  (f.notify.input as HTMLInputElement).checked = initial.notifyReplies === "on";
  f.body.input.addEventListener("input", () => {
    draft(o.draftKey, f.body.input.value);
    showPreview(null); // what was shown no longer matches the text
  });

  function showPreview(html: string | null) {
    previewed.innerHTML = html ?? ""; // rendered and sanitized by the server, like every comment
    previewed.hidden = html === null;
    preview.setAttribute("aria-pressed", String(html !== null));
  }
  preview.addEventListener("click", async () => {
    if (!previewed.hidden) return showPreview(null);
    clearErrors(fields, general);
    const r = await call<{ html: string }>(`${o.base}/v1/comments/preview`, {
      method: "POST",
      body: { body: f.body.input.value },
    });
    if (r.status === 200 && r.data) showPreview(r.data.html);
    else if (r.status === 400 && r.errors.length > 0) showErrors(t, fields, r.errors, general);
    else {
      general.replaceChildren(r.status === 429 ? t.form.tooMany(r.retryAfter ?? 60) : t.form.failed);
      general.hidden = false;
    }
  });

  let busy = false;
  async function send() {
    if (busy) return;
    clearErrors(fields, general);
    status.replaceChildren();
    const checked = CommentForm.safeParse({
      author: { name: f.name.input.value, email: f.email.input.value, website: f.website.input.value },
      body: f.body.input.value,
      notifyReplies: (f.notify.input as HTMLInputElement).checked,
    });
    if (!checked.success) {
      showErrors(t, fields, fieldErrors(checked.error.issues), general);
      return;
    }
    busy = true;
    submit.setAttribute("aria-disabled", "true"); // not `disabled`: that would throw keyboard focus away
    submit.textContent = t.form.sending;
    const r = await call<Created>(`${o.base}/v1/comments`, {
      method: "POST",
      body: {
        uri: o.uri,
        ...(o.parentId ? { parentId: o.parentId } : {}),
        ...checked.data,
        ...(hp.input.value ? { homepage: hp.input.value } : {}),
        ...(pageTitle() ? { pageTitle: pageTitle() } : {}),
      },
    });
    busy = false;
    submit.removeAttribute("aria-disabled");
    submit.textContent = t.form.submit;
    if (r.status === 201 && r.data?.comment) {
      f.body.input.value = "";
      draft(o.draftKey, "");
      showPreview(null);
      if (r.data.notice) showNotice(notice, r.data.notice, t);
      else if (r.data.comment.status === "approved") status.replaceChildren(t.form.published);
      else status.replaceChildren(h("strong", {}, t.form.held), " ", h("span", {}, t.form.heldMore));
      if (o.parentId) {
        inputs.hidden = true; // a reply form has done its job: what stays is the outcome
        if (!r.data.notice) focusOn(status);
      }
      o.onCreated(r.data, checked.data.body);
    } else if (r.status === 400 && r.errors.length > 0) {
      showErrors(t, fields, r.errors, general);
    } else if (r.status === 409) {
      general.replaceChildren(t.form.closed); // the text stays in the box, to copy elsewhere
      general.hidden = false;
      o.onClosed?.();
    } else if (r.status === 413) {
      general.replaceChildren(t.form.tooLong);
      general.hidden = false;
    } else {
      const message = r.status === 429 ? t.form.tooMany(r.retryAfter ?? 60) : t.form.failed;
      showFailure(general, message, t.form.retry, () => void send());
    }
  }
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    void send();
  });

  return {
    el,
    focus: () => f.body.input.focus(),
    /** Name, email and website as typed, to fill a reply form with. */
    identity: (): Record<string, string> => ({
      name: f.name.input.value,
      email: f.email.input.value,
      website: f.website.input.value,
    }),
    showStatus: (text: string) => status.replaceChildren(text),
  };
}
