import { h } from "../../browser/dom.ts";
import type { Shell } from "../kit/shell.ts";
import { dataTable } from "../kit/table.ts";
import { plural, timeEl } from "../kit/text.ts";
import { API, type AuditEntry } from "./types.ts";

/** The audit log, newest first, as plain text cells: who did what to which comment, and the status change. */
export function auditView(shell: Shell, panel: HTMLElement) {
  const table = dataTable("audit-list", "Audit log, newest first", [
    "When",
    "Who",
    "Action",
    "Subject",
    "Page",
    "Change",
  ]);
  const more = h("button", { type: "button", hidden: true }, "Older entries");
  let cursor: string | null = null;
  panel.append(
    h("h2", {}, "Audit log"),
    h(
      "p",
      { class: "hint" },
      "Every moderation action: who did what, newest first. It keeps no names or text of commenters.",
    ),
    table.element,
    more,
  );

  const row = (e: AuditEntry) =>
    table.row(
      [
        timeEl(e.at),
        h("strong", {}, e.actor),
        e.detail ? h("span", {}, e.action, h("span", { class: "detail" }, e.detail)) : e.action,
        h("span", { class: "mono" }, e.subject),
        e.uri ?? "",
        e.statusBefore || e.statusAfter ? `${e.statusBefore ?? "—"} → ${e.statusAfter ?? "gone"}` : "",
      ],
      { class: "audit-entry" },
    );

  async function load(append = false) {
    const qs = new URLSearchParams({ limit: "50" });
    if (append && cursor) qs.set("cursor", cursor);
    const page = await shell.api.json<{ entries: AuditEntry[]; nextCursor: string | null }>(
      "GET",
      `${API}/audit?${qs}`,
    );
    if (append) table.append(page.entries.map(row));
    else table.setRows(page.entries.map(row), "Nothing yet.");
    cursor = page.nextCursor;
    more.hidden = !cursor;
    return `${plural(table.body.querySelectorAll(".audit-entry").length, "entry", "entries")} of the audit log shown.`;
  }

  more.addEventListener("click", () => load(true).then(shell.announce, shell.fail));
  return { load };
}
