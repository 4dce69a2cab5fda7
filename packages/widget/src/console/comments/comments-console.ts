import { h } from "../../browser/dom.ts";
import { createDecisions } from "../kit/decisions.ts";
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
  const decisions = createDecisions(shell, document.getElementById("pending") as HTMLUListElement);
  let tabs: ReturnType<typeof createTabs> | null = null;
  let lists: { queue: { first(): HTMLElement | null } } | null = null;

  function build() {
    const banner = h("p", { id: "crisis-banner", class: "crisis-banner", hidden: true });
    let search: ReturnType<typeof searchView> | null = null;
    const counts = createCounts(shell, (c: Counts) => {
      tabs?.setCount("queue", c.pending);
      tabs?.setCount("reported", c.reported);
      banner.textContent = crisisText(c.crisis);
      banner.hidden = c.crisis === 0;
      search?.setCounts(c);
    });
    let blocks: ReturnType<typeof blocksView> | null = null;
    const ctx = { shell, decisions, counts, blocksChanged: () => void blocks?.load().catch(shell.fail) };
    const queue = commentList(ctx, "queue", "Comments waiting for a decision", () => ({
      view: "pending",
      params: new URLSearchParams({ status: "pending" }),
      match: "",
    }));
    const reported = commentList(ctx, "reported-list", "Comments readers reported", () => ({
      view: "reported",
      params: new URLSearchParams({ status: "reported" }),
      match: "",
    }));
    let audit: ReturnType<typeof auditView> | null = null;
    tabs = createTabs(
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
    shell.root.replaceChildren(tabs.element);
    lists = { queue };
    return { tabs, counts };
  }

  return {
    async start() {
      const { tabs: t, counts } = build();
      const [shown] = await Promise.all([t.select(t.initial()), counts.refresh()]);
      return shown ?? "";
    },
    flush: () => decisions.flush(),
    reset() {
      decisions.reset();
      shell.root.replaceChildren();
      tabs = null;
      lists = null;
    },
    focusTarget() {
      if (!tabs) return null;
      return (tabs.current() === "queue" ? lists?.queue.first() : null) ?? tabs.tab(tabs.current());
    },
  };
}
