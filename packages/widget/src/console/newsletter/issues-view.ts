import { h } from "../../browser/dom.ts";
import type { Shell } from "../kit/shell.ts";
import { dataTable } from "../kit/table.ts";
import { plural, when } from "../kit/text.ts";
import { API, type Issue } from "./types.ts";

const STATUS: Record<Issue["status"], string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
};

export function progressText(i: Issue) {
  if (i.status === "draft") return "Not sent";
  if (i.status === "scheduled" && i.recipients === 0) return `Goes out ${when(i.scheduledAt)}`;
  return `${i.sent} of ${i.recipients} sent · ${i.failed} failed · ${i.pending} waiting`;
}

/** The issues, newest first, with their progress (read again every 2 seconds while one is going out). */
export function issuesView(
  shell: Shell,
  panel: HTMLElement,
  open: (issue: Issue | null) => void,
  visible: () => boolean,
) {
  const table = dataTable("issue-list", "Issues", ["Subject", "Status", "Progress", "Actions"]);
  const create = h("button", { type: "button", class: "primary" }, "New issue");
  create.addEventListener("click", () => open(null));
  panel.append(h("h2", {}, "Issues"), h("div", { class: "toolbar" }, create), table.element);
  let poll = 0;

  function row(i: Issue) {
    const edit = h(
      "button",
      { type: "button", "aria-label": `${i.status === "draft" ? "Edit" : "Open"} “${i.subject}”` },
      i.status === "draft" ? "Edit" : "Open",
    );
    edit.addEventListener("click", () => open(i));
    const status =
      i.status === "scheduled" && i.scheduledAt ? `${STATUS.scheduled} for ${when(i.scheduledAt)}` : STATUS[i.status];
    return table.row([i.subject, status, progressText(i), edit]);
  }

  async function load() {
    clearTimeout(poll);
    const { issues } = await shell.api.json<{ issues: Issue[] }>("GET", `${API}/issues`);
    table.setRows(issues.map(row), "No issues yet. Start one with New issue.");
    if (issues.some((i) => i.status === "sending" || i.status === "scheduled"))
      poll = window.setTimeout(() => {
        if (visible()) load().catch(shell.fail);
      }, 2000);
    return `${plural(issues.length, "issue")} shown.`;
  }

  return { load, stop: () => clearTimeout(poll) };
}
