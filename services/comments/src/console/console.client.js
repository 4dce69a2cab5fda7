// The moderators' console in the browser: plain JavaScript, served as-is by console.routes.ts (no build step).
// Everything the API returns is written as text (textContent, or append() of strings), except a comment's `html`,
// which the server rendered and sanitized; the page's CSP would still stop a script in it.

import { mountTools } from "./console.tools.js";

const API = "/v1/admin/comments";
const TOKEN_KEY = "parlor.comments.adminToken";
const PAGE_SIZE = 50;
const BULK_MAX = 500; // the bulk endpoint takes at most 500 ids at once

const FLAGS = {
  crisis: ["crisis", "words of suicide or self-harm: needs a human now"],
  contact_details: ["contact details", "phone, email, address, birth date or record number"],
  link_count: ["links", "more links than the site allows"],
  blocked_word: ["blocked word", "a word on the site's blocked list"],
  honeypot: ["honeypot", "filled in a field only bots can see"],
  rate: ["rate", "posted while over the soft rate limit: many comments in a short time"],
  blocked: ["blocked", "a block list names the author: filed as spam without telling them"],
  reported: ["reported", "readers reported it often enough to hide it until you decide"],
};
const REASONS = {
  spam: "spam",
  abuse: "harassment or hate",
  misinformation: "harmful or false health information",
  personal_info: "someone's private information",
  other: "something else",
};
const NEW_STATUS = { approve: "approved", reject: "rejected", spam: "spam", block: "spam" };
const DONE = {
  approve: "Approved",
  reject: "Rejected",
  spam: "Marked as spam",
  delete: "Deleted",
  dismiss: "Reports dismissed",
  block: "Blocked the author and marked as spam",
};
const FILTERS = ["author", "email", "uri", "flag", "from", "to"];

const $ = (id) => document.getElementById(id);
const ui = {
  status: $("status"),
  error: $("error"),
  signOut: $("sign-out"),
  signIn: $("sign-in"),
  signInForm: $("sign-in-form"),
  signInFields: $("sign-in-fields"),
  token: $("token"),
  console: $("console"),
  searchForm: $("search-form"),
  q: $("q"),
  crisisBanner: $("crisis-banner"),
  selectAll: $("select-all"),
  selectedCount: $("selected-count"),
  queue: $("queue"),
  empty: $("empty"),
  more: $("more"),
};
const state = { token: null, status: "pending", q: "", filters: {}, cursor: null, seq: 0, uid: 0 };

// sessionStorage can be switched off; the console then keeps the token in memory only.
const tokenStore = {
  get: () => {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set: (token) => {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      /* memory only */
    }
  },
  clear: () => {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* nothing stored */
    }
  },
};

/** A DOM element; string children become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function announce(text) {
  // Emptied first, so the same sentence twice in a row is read out twice.
  ui.status.textContent = "";
  setTimeout(() => {
    ui.status.textContent = text;
  }, 30);
}

function showError(message, details = []) {
  ui.error.replaceChildren(el("p", {}, message));
  if (details.length) ui.error.append(el("ul", {}, ...details.map((d) => el("li", {}, d))));
  ui.error.hidden = false;
}

function clearError() {
  ui.error.hidden = true;
  ui.error.replaceChildren();
}

class Unauthorized extends Error {}

/** An error answer as a person reads it: the problem+json title and detail, and each bad field. */
async function problemOf(res) {
  let body = null;
  if (/json/.test(res.headers.get("content-type") ?? "")) body = await res.json().catch(() => null);
  const e = new Error(
    body && typeof body.title === "string"
      ? `${body.title}${typeof body.detail === "string" && body.detail !== body.title ? `: ${body.detail}` : ""}`
      : `The server answered ${res.status} ${res.statusText}.`.replace(" .", "."),
  );
  e.details = Array.isArray(body?.errors) ? body.errors.map((x) => `${x.path || "request"}: ${x.message}`) : [];
  if (res.status === 429) e.details.push(`Try again in ${res.headers.get("retry-after") ?? "a few"} seconds.`);
  return e;
}

async function api(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${state.token}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    throw new Error("Could not reach the server. Check the connection and try again.");
  }
  if (res.status === 401) throw new Unauthorized();
  if (!res.ok) throw await problemOf(res);
  return res.status === 204 ? null : res.json();
}

function handleError(e) {
  if (e instanceof Unauthorized) signOut("That token is not valid. Check it and sign in again.");
  else showError(e.message, e.details);
}

// ---- signing in and out ----

async function enter(token) {
  state.token = token;
  tokenStore.set(token);
  state.cursor = null;
  const shown = await load(false);
  if (!shown) return;
  ui.token.value = "";
  ui.signIn.hidden = true;
  ui.console.hidden = false;
  ui.signOut.hidden = false;
  tools.show();
  announce(`Signed in. ${shown}`);
  (ui.queue.querySelector(".item") ?? ui.console.querySelector("input[name=status]:checked"))?.focus();
}

function signOut(message) {
  state.token = null;
  state.seq++; // answers still on their way are dropped
  tokenStore.clear();
  ui.queue.replaceChildren();
  ui.console.hidden = true;
  tools.hide();
  ui.signOut.hidden = true;
  ui.signIn.hidden = false;
  if (message) {
    showError(message);
    ui.token.select();
  } else {
    clearError();
    announce("Signed out.");
  }
  ui.token.focus();
}

// ---- the list ----

/** Loads the first page (or, with `append`, the next); returns a sentence saying what is shown, or null. */
async function load(append) {
  const seq = ++state.seq;
  const params = new URLSearchParams({ status: state.status, limit: String(PAGE_SIZE) });
  if (state.q) params.set("q", state.q);
  for (const [name, value] of Object.entries(state.filters)) params.set(name, value);
  if (append && state.cursor) params.set("cursor", state.cursor);
  ui.queue.setAttribute("aria-busy", "true");
  ui.more.disabled = true;
  try {
    const page = await api("GET", `${API}?${params}`);
    if (seq !== state.seq) return null; // a newer request (another tab, a search) has taken over
    if (!append) ui.queue.replaceChildren();
    const added = page.comments.map(addItem);
    state.cursor = page.nextCursor;
    ui.more.hidden = !page.nextCursor;
    refresh();
    clearError();
    if (append) added[0]?.focus();
    const total = ui.queue.children.length;
    const match = state.q ? ` matching “${state.q}”` : Object.keys(state.filters).length ? " matching the filters" : "";
    return `${plural(total, `${state.status} comment`)}${match} shown${page.nextCursor ? ", more to load" : ""}.`;
  } catch (e) {
    if (seq === state.seq) handleError(e);
    return null;
  } finally {
    if (seq === state.seq) {
      ui.queue.removeAttribute("aria-busy");
      ui.more.disabled = false;
    }
  }
}

/** Crisis comments go to the top (oldest first among them); the rest keep the queue's oldest-first order. */
function addItem(comment) {
  const li = renderItem(comment);
  const crisis = comment.flags.includes("crisis");
  ui.queue.insertBefore(li, crisis ? ui.queue.querySelector(".item:not(.crisis)") : null);
  return li;
}

function renderItem(c) {
  const n = ++state.uid;
  const name = c.author?.name ?? "";
  const crisis = c.flags.includes("crisis");
  const li = el("li", { class: crisis ? "item crisis" : "item", tabindex: "-1", "aria-labelledby": `who-${n}` });
  li.dataset.id = c.id;
  li.dataset.name = name;
  li.dataset.status = c.status;

  const created = new Date(c.createdAt);
  const when = el(
    "time",
    { datetime: c.createdAt },
    Number.isNaN(created.getTime())
      ? c.createdAt
      : created.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
  );
  const head = el(
    "div",
    { class: "item-head" },
    el("input", { type: "checkbox", class: "pick", "aria-label": `Select the comment by ${name}` }),
    el(
      "h3",
      { id: `who-${n}`, class: "who" },
      el("span", { class: "name" }, name),
      c.author?.isModerator ? el("span", { class: "badge mod" }, "Moderator") : null,
    ),
    when,
    c.editedAt ? el("span", { class: "edited" }, "(edited)") : null,
  );

  const contact = el("p", { class: "contact" });
  if (c.author?.email) contact.append(el("span", { class: "email" }, c.author.email));
  if (c.author?.website) contact.append(el("span", { class: "website" }, c.author.website));
  if (!contact.childNodes.length) contact.append(el("span", { class: "none" }, "No email or website"));

  const where = el("p", { class: "where" }, "On ", pageLink(c.uri));
  if (c.parentId) where.append(" · in reply to comment ", el("code", {}, c.parentId));

  const flags = c.flags.length
    ? el(
        "ul",
        { class: "flags", "aria-label": "Why it was held" },
        ...c.flags.map((f) => {
          const [label, why] = FLAGS[f] ?? [f, "flagged by the screen"];
          return el("li", { class: `flag flag-${f.replace(/[^a-z_]/g, "")}` }, el("strong", {}, label), ` — ${why}`);
        }),
      )
    : null;

  const reports = c.reports
    ? el(
        "div",
        { class: "reports" },
        el(
          "strong",
          {},
          `${plural(c.reports.count, "reader report")}: ${Object.entries(c.reports.reasons)
            .map(([r, n]) => `${REASONS[r] ?? r} (${n})`)
            .join(", ")}`,
        ),
        c.reports.notes.length ? el("ul", {}, ...c.reports.notes.map((note) => el("li", {}, note))) : null,
      )
    : null;

  const body = el("div", { class: "body" });
  body.innerHTML = c.html; // rendered and sanitized by the server (contract: no script, handlers or js: URLs)

  const actions = el("div", { class: "actions", role: "group", "aria-label": "Actions" });
  for (const [act, label] of [
    ["approve", "Approve"],
    ["reject", "Reject"],
    ["spam", "Spam"],
    ["delete", "Delete"],
    ["reply", "Reply"],
    ["dismiss", "Dismiss reports"],
    ["block", "Block author"],
  ]) {
    if (NEW_STATUS[act] === c.status && act !== "block") continue; // already there: the button would do nothing
    if (act === "dismiss" && !c.reports) continue;
    if (act === "block" && c.author?.isModerator) continue;
    actions.append(
      el("button", { type: "button", class: `act act-${act}`, "data-act": act, "aria-describedby": `who-${n}` }, label),
    );
  }

  const replyNote =
    c.status === "approved"
      ? "Markdown. Published at once under the moderator name."
      : "Markdown. Published at once under the moderator name; readers see it once this comment is approved.";
  const reply = el(
    "form",
    { class: "reply", hidden: true },
    el("label", { for: `reply-${n}` }, "Reply as moderator"),
    el("textarea", { id: `reply-${n}`, name: "body", rows: "4", maxlength: "10000", required: true }),
    el("p", { class: "hint" }, replyNote),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit" }, "Post reply"),
      el("button", { type: "button", "data-act": "cancel-reply" }, "Cancel"),
    ),
  );

  li.append(head, contact, where, flags ?? "", reports ?? "", body, actions, reply, el("ul", { class: "replies" }));
  return li;
}

/** The comment's page as a same-site link; anything that is not a plain path stays text. */
function pageLink(uri) {
  if (typeof uri !== "string" || !/^\/(?![/\\])/.test(uri)) return el("code", {}, String(uri));
  return el("a", { href: uri, target: "_blank", rel: "noopener noreferrer" }, uri);
}

/** The counters, the select-all box, the bulk buttons, the empty state and the crisis banner. */
function refresh() {
  const picks = [...ui.queue.querySelectorAll(".pick")];
  const chosen = picks.filter((p) => p.checked).length;
  ui.selectAll.checked = chosen > 0 && chosen === picks.length;
  ui.selectAll.indeterminate = chosen > 0 && chosen < picks.length;
  ui.selectAll.disabled = picks.length === 0;
  ui.selectedCount.textContent = chosen ? `${chosen} selected` : "None selected";
  for (const b of document.querySelectorAll(".bulk-action")) {
    b.disabled = chosen === 0;
    b.hidden = NEW_STATUS[b.dataset.action] === state.status;
  }
  ui.empty.hidden = picks.length > 0;
  ui.empty.textContent = state.q ? `No ${state.status} comments match “${state.q}”.` : `No ${state.status} comments.`;
  const crises = ui.queue.querySelectorAll(".item.crisis").length;
  ui.crisisBanner.hidden = crises === 0;
  ui.crisisBanner.textContent =
    crises === 0
      ? ""
      : `${crises === 1 ? "1 comment has" : `${crises} comments have`} words of suicide or self-harm. ` +
        `${crises === 1 ? "It is" : "They are"} at the top of the list: please read ${crises === 1 ? "it" : "them"} first.`;
}

/** Takes an item out of the list and puts focus on its neighbour, so a keyboard user keeps their place. */
function removeItem(li) {
  const next = li.nextElementSibling ?? li.previousElementSibling;
  const hadFocus = li.contains(document.activeElement);
  li.remove();
  refresh();
  if (hadFocus) (next ?? ui.console.querySelector("input[name=status]:checked")).focus();
}

// A destructive button asks for a second press instead of a dialog.
function confirmed(button, question) {
  if (button.dataset.armed) {
    disarm(button);
    return true;
  }
  button.dataset.armed = button.textContent;
  button.textContent = question;
  button.classList.add("armed");
  announce(`${question} Press the button again to confirm.`);
  setTimeout(() => disarm(button), 8000);
  return false;
}

function disarm(button) {
  if (!button.dataset.armed) return;
  button.textContent = button.dataset.armed;
  delete button.dataset.armed;
  button.classList.remove("armed");
}

// ---- actions ----

async function act(li, action, button) {
  const name = li.dataset.name;
  if (action === "reply") return toggleReply(li, true);
  if (action === "cancel-reply") return toggleReply(li, false);
  if (action === "delete" && !confirmed(button, "Delete for good?")) return;
  if (action === "block" && !confirmed(button, "Block address and client?")) return;
  const buttons = [...li.querySelectorAll(".actions button")];
  for (const b of buttons) b.disabled = true;
  try {
    const id = encodeURIComponent(li.dataset.id);
    if (action === "delete") {
      await api("DELETE", `${API}/${id}`);
      removeItem(li);
    } else if (action === "dismiss") {
      await api("POST", `${API}/${id}/dismiss-reports`);
      if (state.status === "reported") removeItem(li);
      else li.querySelector(".reports")?.remove();
      li.querySelector("[data-act=dismiss]")?.remove();
    } else if (action === "block") {
      await api("POST", `${API}/${id}/block`, {});
      tools.refresh();
      if (state.status !== "spam") removeItem(li);
    } else {
      const updated = await api("POST", `${API}/${id}/${action}`);
      if ((updated.status ?? updated.comment?.status) !== state.status) removeItem(li);
    }
    clearError();
    announce(`${DONE[action]}: the comment by ${name}.`);
  } catch (e) {
    handleError(e);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

function toggleReply(li, open) {
  const form = li.querySelector("form.reply");
  form.hidden = !open;
  if (open) form.querySelector("textarea").focus();
  else li.querySelector("[data-act=reply]")?.focus();
}

async function postReply(li, form) {
  const textarea = form.querySelector("textarea");
  const body = textarea.value.trim();
  if (!body) {
    showError("Write a reply first.");
    textarea.focus();
    return;
  }
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    const reply = await api("POST", `${API}/${encodeURIComponent(li.dataset.id)}/reply`, { body });
    const shown = el("div", { class: "body" });
    shown.innerHTML = reply.html; // sanitized by the server
    const who = el(
      "p",
      { class: "who" },
      el("span", { class: "name" }, reply.author?.name ?? "Moderator"),
      el("span", { class: "badge mod" }, "Moderator reply"),
    );
    li.querySelector(".replies").append(el("li", { class: "posted-reply" }, who, shown));
    textarea.value = "";
    toggleReply(li, false);
    clearError();
    announce(`Reply to ${li.dataset.name} posted and published.`);
  } catch (e) {
    handleError(e); // the text stays in the box
  } finally {
    submit.disabled = false;
  }
}

async function bulk(action, button) {
  const chosen = [...ui.queue.querySelectorAll(".pick:checked")].map((p) => p.closest(".item"));
  if (!chosen.length) return;
  if (action === "delete" && !confirmed(button, `Delete ${chosen.length} for good?`)) return;
  for (const b of document.querySelectorAll(".bulk-action")) b.disabled = true;
  let updated = 0;
  const missing = new Set();
  try {
    const ids = chosen.map((li) => li.dataset.id);
    for (let i = 0; i < ids.length; i += BULK_MAX) {
      const res = await api("POST", `${API}/bulk`, { ids: ids.slice(i, i + BULK_MAX), action });
      updated += res.updated;
      for (const id of res.missing) missing.add(id);
    }
    // Every id that was found now has the action's status (or is gone): none of them belongs in this tab.
    const leaves = action === "delete" || NEW_STATUS[action] !== state.status;
    for (const li of chosen) if (leaves || missing.has(li.dataset.id)) li.remove();
    clearError();
    const gone = missing.size
      ? ` ${plural(missing.size, "comment")} ${missing.size === 1 ? "was" : "were"} already gone.`
      : "";
    announce(`${DONE[action]}: ${plural(updated, "comment")}.${gone}`);
  } catch (e) {
    handleError(e);
  } finally {
    refresh();
    if (!ui.console.hidden) ui.selectAll.focus();
  }
}

// ---- wiring ----

ui.signInForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const token = ui.token.value.trim();
  if (!token) {
    showError("Enter the admin token.");
    ui.token.focus();
    return;
  }
  clearError();
  void enter(token);
});

ui.signOut.addEventListener("click", () => signOut());

for (const radio of document.querySelectorAll("input[name=status]")) {
  radio.addEventListener("change", async () => {
    state.status = radio.value;
    state.cursor = null;
    const shown = await load(false);
    if (shown) announce(shown);
  });
}

ui.searchForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  state.q = ui.q.value.trim();
  const data = new FormData(ui.searchForm); // the filter fields belong to this form (form="search-form")
  state.filters = {};
  for (const name of FILTERS) {
    const value = String(data.get(name) ?? "").trim();
    if (value) state.filters[name] = value;
  }
  state.cursor = null;
  const shown = await load(false);
  if (shown) announce(shown);
});

ui.more.addEventListener("click", async () => {
  const shown = await load(true);
  if (shown) announce(shown);
});

ui.selectAll.addEventListener("change", () => {
  for (const p of ui.queue.querySelectorAll(".pick")) p.checked = ui.selectAll.checked;
  refresh();
});

ui.queue.addEventListener("change", (e) => {
  if (e.target.classList?.contains("pick")) refresh();
});

ui.queue.addEventListener("click", (e) => {
  const button = e.target.closest?.("button[data-act]");
  if (button) void act(button.closest(".item"), button.dataset.act, button);
});

ui.queue.addEventListener("submit", (e) => {
  e.preventDefault();
  void postReply(e.target.closest(".item"), e.target);
});

for (const b of document.querySelectorAll(".bulk-action")) {
  b.addEventListener("click", () => void bulk(b.dataset.action, b));
}

const tools = mountTools({ api, el, announce, handleError, clearError });

ui.signInFields.disabled = false;
const saved = tokenStore.get();
if (saved) void enter(saved);
else ui.token.focus();

// ---- the audit log: loaded when opened, newest first, as plain text lines ----

const audit = { list: $("audit-list"), more: $("audit-more"), box: $("audit"), cursor: null };

function auditLine(e) {
  const change = e.statusBefore || e.statusAfter ? ` (${e.statusBefore ?? "—"} → ${e.statusAfter ?? "gone"})` : "";
  const where = e.uri ? ` on ${e.uri}` : "";
  return el(
    "li",
    { class: "audit-entry" },
    el("time", { datetime: e.at }, new Date(e.at).toLocaleString()),
    " ",
    el("strong", {}, e.actor),
    ` ${e.action} ${e.subject}${where}${change}${e.detail ? `: ${e.detail}` : ""}`,
  );
}

async function loadAudit(append) {
  try {
    const qs = new URLSearchParams({ limit: "50" });
    if (append && audit.cursor) qs.set("cursor", audit.cursor);
    const page = await api("GET", `${API}/audit?${qs}`);
    if (!append) audit.list.replaceChildren();
    audit.list.append(...page.entries.map(auditLine));
    if (!append && page.entries.length === 0) audit.list.append(el("li", {}, "Nothing yet."));
    audit.cursor = page.nextCursor;
    audit.more.hidden = !page.nextCursor;
  } catch (e) {
    handleError(e);
  }
}

audit.box.addEventListener("toggle", () => {
  if (audit.box.open) loadAudit(false);
});
audit.more.addEventListener("click", () => loadAudit(true));
