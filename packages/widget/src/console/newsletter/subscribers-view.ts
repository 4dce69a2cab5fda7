import { h } from "../../browser/dom.ts";
import { confirmed } from "../kit/confirm.ts";
import { field, input, select } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { dataTable } from "../kit/table.ts";
import { plural, timeEl } from "../kit/text.ts";
import { flagChips } from "./flags.ts";
import { API, STATUS_LABEL, type Subscriber, type SubscriberStatus } from "./types.ts";

const STATUSES = Object.keys(STATUS_LABEL) as SubscriberStatus[];

/** Every subscriber, filtered by status and text; CSV export and import; erasing a person. */
export function subscribersView(shell: Shell, panel: HTMLElement, changed: () => void) {
  const status = select("status", [
    ["", "Every status"],
    ...STATUSES.map((s) => [s, STATUS_LABEL[s]] as [string, string]),
  ]);
  const q = input("q", "search", { maxlength: "200" });
  const filter = h(
    "form",
    { id: "subscriber-filter", class: "form-row", role: "search" },
    field("Status", status),
    field("Email, name or source", q),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Show")),
  );
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const importForm = h(
    "form",
    { id: "subscriber-import", class: "form-row" },
    field(
      "CSV file to import",
      file,
      "A header line with email and any of the export’s columns. Known addresses are skipped; nobody is mailed.",
    ),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, "Import")),
  );
  const exportButton = h("button", { type: "button" }, "Export all as CSV");
  const table = dataTable("subscriber-list", "Subscribers", ["Email", "Name", "Status", "Flags", "Since", "Actions"]);
  const more = h("button", { type: "button", hidden: true }, "More");
  let cursor: string | null = null;
  panel.append(
    h("h2", {}, "Subscribers"),
    filter,
    table.element,
    more,
    h("h3", {}, "Export and import"),
    h("div", { class: "tool-row" }, exportButton),
    importForm,
  );

  function row(s: Subscriber) {
    const erase = h("button", { type: "button", class: "danger", "aria-label": `Erase ${s.email}` }, "Erase");
    erase.addEventListener("click", () => void eraseOne(s, erase));
    return table.row([
      h("span", { class: "mono" }, s.email),
      s.name ?? "",
      h("span", {}, STATUS_LABEL[s.status] ?? s.status, s.reason ? h("span", { class: "detail" }, s.reason) : null),
      flagChips(s.flags),
      timeEl(s.createdAt, "day"),
      erase,
    ]);
  }

  async function load(append = false) {
    const params = new URLSearchParams({ limit: "50" });
    if (status.value) params.set("status", status.value);
    if (q.value.trim()) params.set("q", q.value.trim());
    if (append && cursor) params.set("cursor", cursor);
    const page = await shell.api.json<{ subscribers: Subscriber[]; nextCursor: string | null }>(
      "GET",
      `${API}/subscribers?${params}`,
    );
    if (append) table.append(page.subscribers.map(row));
    else table.setRows(page.subscribers.map(row), "No subscribers match.");
    cursor = page.nextCursor;
    more.hidden = !cursor;
    const n = table.body.querySelectorAll("tr:not(.empty-row)").length;
    return `${plural(n, "subscriber")} shown${cursor ? ", more to load" : ""}.`;
  }

  async function eraseOne(s: Subscriber, button: HTMLButtonElement) {
    if (!confirmed(button, "Erase everywhere?", shell.announce)) return;
    button.disabled = true;
    try {
      await shell.api.json("DELETE", `${API}/subscribers/${encodeURIComponent(s.id)}`);
      button.closest("tr")?.remove();
      shell.clearError();
      shell.announce(`Erased ${s.email}: only a hash stays on the suppression list.`);
      table.element.focus();
      changed();
    } catch (e) {
      button.disabled = false;
      shell.fail(e);
    }
  }

  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    load().then(shell.announce, shell.fail);
  });
  more.addEventListener("click", () => load(true).then(shell.announce, shell.fail));

  exportButton.addEventListener("click", async () => {
    try {
      const res = await shell.api.raw("GET", `${API}/subscribers.csv`);
      const url = URL.createObjectURL(await res.blob());
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "subscribers.csv";
      h("a", { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      shell.announce(`Exported ${name}.`);
    } catch (e) {
      shell.fail(e);
    }
  });

  importForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      const res = await shell.api.raw("POST", `${API}/subscribers.csv`, await chosen.text(), "text/csv");
      const r = (await res.json()) as {
        added: number;
        skipped: number;
        unconfirmed?: number;
        invalid: { line: number; reason: string }[];
      };
      importForm.reset();
      const lines = r.invalid.length
        ? ` (lines ${r.invalid
            .slice(0, 20)
            .map((i) => i.line)
            .join(", ")})`
        : "";
      shell.clearError();
      shell.announce(
        `Imported: ${r.added} added, ${r.skipped} skipped, ${r.unconfirmed ?? 0} without proof of consent (pending), ${r.invalid.length} invalid${lines}.`,
      );
      await load();
      changed();
    } catch (err) {
      shell.fail(err);
    }
  });

  return {
    load,
    /** The status choices name how many each holds. */
    setCounts(counts: Record<string, number>) {
      let all = 0;
      for (const option of Array.from(status.options)) {
        if (!option.value) continue;
        const n = counts[option.value] ?? 0;
        all += n;
        option.textContent = `${STATUS_LABEL[option.value as SubscriberStatus]} (${n})`;
      }
      status.options[0].textContent = `Every status (${all})`;
    },
  };
}
