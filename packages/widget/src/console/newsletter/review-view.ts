import { h } from "../../browser/dom.ts";
import type { Decisions } from "../kit/decisions.ts";
import type { Shell } from "../kit/shell.ts";
import { shortcuts } from "../kit/shortcuts.ts";
import { dataTable } from "../kit/table.ts";
import { plural, timeEl } from "../kit/text.ts";
import { flagChips } from "./flags.ts";
import { API, type Subscriber } from "./types.ts";

/**
 * Signups held for review: approve (the confirmation email goes out) or reject, each held for the undo window
 * like a comment decision, with the same keyboard shortcuts (j/k, a, r, u, ?) while focus is in the table.
 */
export function reviewView(shell: Shell, decisions: Decisions, panel: HTMLElement, changed: () => void) {
  const table = dataTable("review-list", "Signups waiting for review, oldest first", [
    "Email",
    "Why it waits",
    "Source",
    "Signed up",
    "Actions",
  ]);
  const rows = () => [...table.body.querySelectorAll<HTMLTableRowElement>("tr.entry")];
  const bar = shortcuts(table.element, {
    entries: rows,
    decisions: { a: "Approve", r: "Reject" },
    decide: (tr, key) => decide(tr, key === "a" ? "approve" : "reject"),
    undo: () => decisions.undoLast(),
  });
  panel.append(
    h("h2", {}, "Signups waiting for review"),
    h("p", { class: "hint" }, "Nothing has been mailed to these addresses. Approve sends the confirmation email."),
    h("div", { class: "toolbar" }, bar),
    table.element,
  );

  function row(s: Subscriber) {
    const approve = h("button", { type: "button", class: "primary", "data-act": "approve" }, "Approve");
    const reject = h("button", { type: "button", "data-act": "reject" }, "Reject");
    const tr = table.row(
      [
        h("span", { class: "mono" }, s.email),
        flagChips(s.flags),
        s.source ?? "",
        timeEl(s.createdAt),
        h("div", { class: "actions" }, approve, reject),
      ],
      { class: "entry", tabindex: "-1" },
    );
    tr.dataset.id = s.id;
    tr.dataset.email = s.email;
    approve.setAttribute("aria-label", `Approve ${s.email}`);
    reject.setAttribute("aria-label", `Reject ${s.email}`);
    return tr;
  }

  function decide(tr: HTMLTableRowElement, action: "approve" | "reject") {
    const email = tr.dataset.email as string;
    const next = tr.nextElementSibling;
    const all = rows();
    const at = all.indexOf(tr);
    const hadFocus = tr.contains(document.activeElement);
    tr.remove();
    if (rows().length === 0) table.setRows([], "Nothing waits for review.");
    if (hadFocus) (rows()[Math.min(at, rows().length - 1)] ?? table.element).focus();
    decisions.hold({
      ids: [tr.dataset.id as string],
      doing: `${action === "approve" ? "Approving" : "Rejecting"} ${email}`,
      undone: `Undone: ${email} is back in the list.`,
      requests: [
        { method: "POST", path: `${API}/subscribers/${encodeURIComponent(tr.dataset.id as string)}/${action}` },
      ],
      restore: (focus) => {
        table.body.querySelector(".empty-row")?.remove();
        if (next && next.parentElement === table.body) table.body.insertBefore(tr, next);
        else table.body.append(tr);
        if (focus) tr.focus();
      },
      done: () =>
        action === "approve" ? `Approved: the confirmation email to ${email} is on its way.` : `Rejected: ${email}.`,
      sent: changed,
    });
  }

  table.body.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest?.<HTMLButtonElement>("button[data-act]");
    const tr = button?.closest<HTMLTableRowElement>("tr.entry");
    if (button && tr) decide(tr, button.dataset.act as "approve" | "reject");
  });

  async function load() {
    const { subscribers } = await shell.api.json<{ subscribers: Subscriber[] }>(
      "GET",
      `${API}/subscribers?status=pending_review&limit=100`,
    );
    const shown = subscribers.filter((s) => !decisions.holds(s.id));
    table.setRows(shown.map(row), "Nothing waits for review.");
    return `${plural(shown.length, "signup")} waiting for review shown.`;
  }

  return { load, first: () => rows()[0] ?? null };
}
