import { html, raw } from "hono/html";

const STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#18181b;background:#fafafa}
header{display:flex;gap:1rem;align-items:center;padding:.75rem 1.25rem;background:#1e3a8a;color:#fff}
header h1{font-size:1.1rem;margin:0;flex:1}header button{background:transparent;color:#fff;border-color:#93c5fd}
nav{display:flex;gap:.25rem;padding:.5rem 1.25rem;border-bottom:1px solid #e4e4e7;background:#fff}
nav button[aria-selected=true]{background:#1d4ed8;color:#fff}
main{padding:1rem 1.25rem;max-width:70rem}section[hidden]{display:none}
button{font:inherit;padding:.35rem .8rem;border-radius:.3rem;border:1px solid #a1a1aa;background:#fff;cursor:pointer}
button.primary{background:#1d4ed8;color:#fff;border-color:#1e3a8a}button.danger{color:#b91c1c;border-color:#fca5a5}
input,select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #a1a1aa;border-radius:.3rem}
textarea{width:100%;min-height:16rem;font-family:ui-monospace,monospace;box-sizing:border-box}
table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.4rem .5rem;border-bottom:1px solid #e4e4e7;text-align:left;vertical-align:top}
.flag{display:inline-block;background:#fef3c7;color:#92400e;border-radius:.25rem;padding:0 .35rem;margin-right:.25rem;font-size:.85em}
.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}.muted{color:#71717a}
#status{min-height:1.5rem}.error{color:#b91c1c}iframe{width:100%;height:32rem;border:1px solid #e4e4e7;background:#fff}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}@media (max-width:60rem){.grid{grid-template-columns:1fr}}`;

// Plain DOM, no framework: every value from the API is set as text (textContent), never parsed as HTML. The
// token lives in this tab's sessionStorage and goes only to this origin's admin API.
const SCRIPT = String.raw`
const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...kids) => { const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) { if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : v); }
  for (const k of kids.flat()) e.append(k instanceof Node ? k : document.createTextNode(String(k ?? ""))); return e; };
const say = (text, error = false) => { const s = $("#status"); s.textContent = text; s.className = error ? "error" : "muted"; };
let token = sessionStorage.getItem("parlor-newsletter-token") || "";
async function api(method, path, body, type = "application/json") {
  const headers = { Authorization: "Bearer " + token, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = type;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : type === "application/json" ? JSON.stringify(body) : body });
  if (res.status === 401) { showLogin("The token was refused."); throw new Error("unauthorized"); }
  const data = res.status === 204 ? null : (res.headers.get("content-type") || "").includes("json") ? await res.json() : await res.text();
  if (!res.ok) { const why = data && data.errors ? data.errors.map((e) => e.path + ": " + e.message).join("; ") : (data && data.detail) || res.statusText; say(res.status + " " + why, true); throw new Error(why); }
  return data;
}
function showLogin(message) { $("#login").hidden = false; $("#app").hidden = true; if (message) $("#login-msg").textContent = message; }
$("#login-form").addEventListener("submit", async (e) => { e.preventDefault(); token = $("#token").value.trim();
  sessionStorage.setItem("parlor-newsletter-token", token); $("#token").value = ""; await start(); });
$("#logout").addEventListener("click", () => { sessionStorage.removeItem("parlor-newsletter-token"); token = ""; showLogin(""); });
for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => tab(b.dataset.tab));
function tab(name) { for (const b of document.querySelectorAll("nav button")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const s of document.querySelectorAll("main section")) s.hidden = s.id !== name; location.hash = name;
  if (name === "review") loadReview(); if (name === "subscribers") loadSubscribers(true); if (name === "issues") loadIssues(); }
const flags = (list) => list.map((f) => el("span", { class: "flag" }, f));
async function loadReview() {
  const data = await api("GET", "/v1/admin/newsletter/subscribers?status=pending_review&limit=100");
  const body = $("#review-rows"); body.replaceChildren();
  if (data.subscribers.length === 0) body.append(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "Nothing waits for review.")));
  for (const s of data.subscribers) body.append(el("tr", {}, el("td", {}, s.email), el("td", {}, flags(s.flags)), el("td", {}, s.source || ""), el("td", {}, s.createdAt.slice(0, 16).replace("T", " ")),
    el("td", {}, el("button", { class: "primary", onclick: () => decide(s.id, "approve") }, "Approve"), " ", el("button", { onclick: () => decide(s.id, "reject") }, "Reject"))));
  const stats = await api("GET", "/v1/admin/newsletter/stats");
  $("#stats").textContent = Object.entries(stats.subscribers).map(([k, v]) => k + ": " + v).join(" · ") || "no subscribers yet";
}
async function decide(id, action) { await api("POST", "/v1/admin/newsletter/subscribers/" + id + "/" + action); say(action === "approve" ? "Approved: the confirmation email is on its way." : "Rejected."); loadReview(); }
let cursor = null;
async function loadSubscribers(fresh) {
  if (fresh) { cursor = null; $("#sub-rows").replaceChildren(); }
  const q = new URLSearchParams({ limit: "50" }); const st = $("#sub-status").value; const text = $("#sub-q").value.trim();
  if (st) q.set("status", st); if (text) q.set("q", text); if (cursor) q.set("cursor", cursor);
  const data = await api("GET", "/v1/admin/newsletter/subscribers?" + q);
  for (const s of data.subscribers) $("#sub-rows").append(el("tr", {}, el("td", {}, s.email), el("td", {}, s.name || ""), el("td", {}, s.status, s.reason ? el("div", { class: "muted" }, s.reason) : ""),
    el("td", {}, flags(s.flags)), el("td", {}, s.createdAt.slice(0, 10)), el("td", {}, el("button", { class: "danger", onclick: () => erase(s) }, "Erase"))));
  cursor = data.nextCursor; $("#sub-more").hidden = !cursor;
}
async function erase(s) { if (!confirm("Erase " + s.email + " everywhere? Only a hash stays on the suppression list.")) return;
  await api("DELETE", "/v1/admin/newsletter/subscribers/" + s.id); say("Erased."); loadSubscribers(true); }
$("#sub-filter").addEventListener("submit", (e) => { e.preventDefault(); loadSubscribers(true); });
$("#sub-more").addEventListener("click", () => loadSubscribers(false));
$("#export").addEventListener("click", async () => { const res = await fetch("/v1/admin/newsletter/subscribers.csv", { headers: { Authorization: "Bearer " + token } });
  if (!res.ok) return say("Export failed: " + res.status, true); const url = URL.createObjectURL(await res.blob());
  el("a", { href: url, download: "subscribers.csv" }).click(); setTimeout(() => URL.revokeObjectURL(url), 10000); });
$("#import").addEventListener("change", async (e) => { const file = e.target.files[0]; if (!file) return;
  const r = await api("POST", "/v1/admin/newsletter/subscribers.csv", await file.text(), "text/csv"); e.target.value = "";
  say("Imported: " + r.added + " added, " + r.skipped + " skipped, " + r.unconfirmed + " without proof (pending), " + r.invalid.length + " invalid" + (r.invalid.length ? " (lines " + r.invalid.slice(0, 20).map((i) => i.line).join(", ") + ")" : "")); loadSubscribers(true); });
let editing = null; let poll = null;
async function loadIssues() {
  const data = await api("GET", "/v1/admin/newsletter/issues"); const body = $("#issue-rows"); body.replaceChildren();
  for (const i of data.issues) body.append(el("tr", {}, el("td", {}, i.subject), el("td", {}, i.status + (i.scheduledAt && i.status === "scheduled" ? " for " + i.scheduledAt : "")),
    el("td", {}, i.recipients + " · sent " + i.sent + " · failed " + i.failed + " · pending " + i.pending), el("td", {}, el("button", { onclick: () => open(i) }, i.status === "draft" ? "Edit" : "Open"))));
  clearTimeout(poll); if (data.issues.some((i) => i.status === "sending" || i.status === "scheduled")) poll = setTimeout(loadIssues, 2000);
}
function open(issue) { editing = issue; $("#subject").value = issue ? issue.subject : ""; $("#markdown").value = issue ? issue.markdown : "";
  $("#editor-title").textContent = issue ? issue.subject + " (" + issue.status + ")" : "New issue";
  if (issue) api("GET", "/v1/admin/newsletter/issues/" + issue.id + "/preview").then((p) => { $("#preview").srcdoc = p.html; });
  for (const b of ["#save", "#send", "#schedule"]) $(b).disabled = !!issue && issue.status !== "draft"; $("#editor").hidden = false; }
$("#new-issue").addEventListener("click", () => open(null));
$("#do-preview").addEventListener("click", async () => { const p = await api("POST", "/v1/admin/newsletter/issues/preview", { subject: $("#subject").value, markdown: $("#markdown").value }); $("#preview").srcdoc = p.html; });
$("#save").addEventListener("click", async () => { const body = { subject: $("#subject").value, markdown: $("#markdown").value };
  editing = editing ? await api("PATCH", "/v1/admin/newsletter/issues/" + editing.id, body) : await api("POST", "/v1/admin/newsletter/issues", body);
  say("Saved as a draft."); open(editing); loadIssues(); });
$("#test").addEventListener("click", async () => { if (!editing) return say("Save the draft first.", true);
  await api("POST", "/v1/admin/newsletter/issues/" + editing.id + "/test", { to: $("#test-to").value.trim() }); say("A test copy is on its way."); });
async function send(at) { if (!editing) return say("Save the draft first.", true);
  if (!confirm(at ? "Send to every active subscriber at " + at + "?" : "Send to every active subscriber now?")) return;
  editing = await api("POST", "/v1/admin/newsletter/issues/" + editing.id + "/send", at ? { at } : {}); say(at ? "Scheduled." : "Sending: progress below."); open(editing); loadIssues(); }
$("#send").addEventListener("click", () => send(null));
$("#schedule").addEventListener("click", () => { const v = $("#at").value; if (!v) return say("Pick a time first.", true); send(new Date(v).toISOString()); });
async function start() { try { await api("GET", "/v1/admin/newsletter/stats"); } catch { return; }
  $("#login").hidden = true; $("#app").hidden = false; tab(["review", "subscribers", "issues"].includes(location.hash.slice(1)) ? location.hash.slice(1) : "review"); }
if (token) start(); else showLogin("");
`;

/** The moderators' and editors' console: review queue, subscribers, CSV, issues with preview, test send and progress. */
export function consolePage(nonce: string) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Newsletter console</title><style>${raw(STYLE)}</style></head>
<body>
<div id="login" hidden><main><h1>Newsletter console</h1><p id="login-msg" class="error"></p>
<form id="login-form"><label>Admin token <input id="token" type="password" autocomplete="off" required size="48"></label>
<button class="primary" type="submit">Open</button></form>
<p class="muted">The token stays in this tab only (sessionStorage) and is sent only to this site's admin API.</p></main></div>
<div id="app" hidden>
<header><h1>Newsletter console</h1><span id="stats"></span><button id="logout" type="button">Forget token</button></header>
<nav><button type="button" data-tab="review">Review queue</button><button type="button" data-tab="subscribers">Subscribers</button><button type="button" data-tab="issues">Issues</button></nav>
<main><p id="status" role="status"></p>
<section id="review"><h2>Signups waiting for review</h2><p class="muted">Nothing has been mailed to these addresses. Approve sends the confirmation email.</p>
<table><thead><tr><th>Email</th><th>Flags</th><th>Source</th><th>Signed up</th><th></th></tr></thead><tbody id="review-rows"></tbody></table></section>
<section id="subscribers" hidden><h2>Subscribers</h2>
<form id="sub-filter" class="row"><select id="sub-status"><option value="">every status</option><option>active</option><option>pending</option><option>pending_review</option><option>unsubscribed</option><option>rejected</option><option>bounced</option></select>
<input id="sub-q" type="search" placeholder="search email, name, source" maxlength="200"><button type="submit">Show</button>
<button id="export" type="button">Export CSV</button><label>Import CSV <input id="import" type="file" accept=".csv,text/csv"></label></form>
<table><thead><tr><th>Email</th><th>Name</th><th>Status</th><th>Flags</th><th>Since</th><th></th></tr></thead><tbody id="sub-rows"></tbody></table>
<p><button id="sub-more" type="button" hidden>More</button></p></section>
<section id="issues" hidden><h2>Issues</h2><p><button id="new-issue" class="primary" type="button">New issue</button></p>
<table><thead><tr><th>Subject</th><th>Status</th><th>Progress</th><th></th></tr></thead><tbody id="issue-rows"></tbody></table>
<div id="editor" hidden><h3 id="editor-title"></h3><div class="grid"><div>
<p><label>Subject <input id="subject" maxlength="200" size="50"></label></p>
<p><label>Markdown<textarea id="markdown"></textarea></label></p>
<div class="row"><button id="do-preview" type="button">Preview</button><button id="save" type="button">Save draft</button></div>
<div class="row"><input id="test-to" type="email" placeholder="test address"><button id="test" type="button">Send a test</button></div>
<div class="row"><button id="send" class="primary" type="button">Send now</button><input id="at" type="datetime-local"><button id="schedule" type="button">Schedule</button></div>
</div><iframe id="preview" title="Preview of the email" sandbox></iframe></div></div>
</section></main></div>
<script nonce="${nonce}">${raw(SCRIPT)}</script>
</body></html>`;
}
