import { h } from "../../browser/dom.ts";
import { tabbedConsole } from "../kit/app.ts";
import type { ConsoleApp, Shell } from "../kit/shell.ts";
import { createTabs } from "../kit/tabs.ts";
import { auditView } from "./audit-view.ts";
import { blocksView } from "./blocks-view.ts";
import { commentList } from "./comment-list.ts";
import { createCounts } from "./counts.ts";
import { searchView } from "./search-view.ts";
import { threadsView } from "./threads-view.ts";
import type { Counts } from "./types.ts";

function crisisText(n: number) {
  if (n === 0) return "";
  const [has, is, it] = n === 1 ? ["1 comment has", "It is", "it"] : [`${n} comments have`, "They are", "them"];
  return `${has} words of suicide or self-harm. ${is} at the top of the queue: please read ${it} first.`;
}

/** The comments console: the queue, reported comments, search, block lists, threads and the audit log. */
export function commentsConsole(shell: Shell): ConsoleApp {
  return tabbedConsole(shell, (decisions) => {
    const banner = h("p", { id: "crisis-banner", class: "crisis-banner", hidden: true });
    let search: ReturnType<typeof searchView> | null = null;
    let blocks: ReturnType<typeof blocksView> | null = null;
    let audit: ReturnType<typeof auditView> | null = null;
    const counts = createCounts(shell, (c: Counts) => {
      tabs.setCount("queue", c.pending);
      tabs.setCount("reported", c.reported);
      banner.textContent = crisisText(c.crisis);
      banner.hidden = c.crisis === 0;
      search?.setCounts(c);
    });
    const ctx = { shell, decisions, counts, blocksChanged: () => void blocks?.load().catch(shell.fail) };
    const queue = commentList(ctx, "queue", "Comments waiting for a decision", () => ({
      view: "pending",
      params: new URLSearchParams({ status: "pending", order: "urgent" }),
      match: "",
    }));
    const reported = commentList(ctx, "reported-list", "Comments readers reported", () => ({
      view: "reported",
      params: new URLSearchParams({ status: "reported", order: "urgent" }),
      match: "",
    }));
    const tabs = createTabs(
      "Comments console",
      [
        {
          id: "queue",
          label: "Queue",
          build: (panel) =>
            panel.append(
              h("h2", {}, "Waiting for a decision"),
              h("p", { class: "hint" }, "Crisis comments first, then the oldest. Nothing here is published yet."),
              banner,
              queue.element,
            ),
          show: () => queue.load(),
        },
        {
          id: "reported",
          label: "Reported",
          build: (panel) =>
            panel.append(
              h("h2", {}, "Reported by readers"),
              h(
                "p",
                { class: "hint" },
                "Published comments that readers reported. Approving, rejecting or marking spam settles the reports; so does Dismiss reports.",
              ),
              reported.element,
            ),
          show: () => reported.load(),
        },
        {
          id: "search",
          label: "Search",
          build: (panel) => {
            search = searchView(shell, ctx, panel);
            const c = counts.get();
            if (c) search.setCounts(c);
          },
          show: () => search?.load(),
        },
        {
          id: "blocks",
          label: "Blocks",
          build: (panel) => {
            blocks = blocksView(shell, panel);
          },
          show: () => blocks?.load(),
        },
        { id: "threads", label: "Threads", build: (panel) => threadsView(shell, panel) },
        {
          id: "audit",
          label: "Audit log",
          build: (panel) => {
            audit = auditView(shell, panel);
          },
          show: () => audit?.load(),
        },
      ],
      { announce: shell.announce, fail: shell.fail },
    );
    return {
      tabs,
      refreshCounts: () => counts.refresh(),
      first: () => (tabs.current() === "queue" ? queue.first() : null),
    };
  });
}
