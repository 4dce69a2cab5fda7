import { createDecisions } from "../kit/decisions.ts";
import type { ConsoleApp, Shell } from "../kit/shell.ts";
import { createTabs } from "../kit/tabs.ts";
import { editorView } from "./editor-view.ts";
import { issuesView } from "./issues-view.ts";
import { reviewView } from "./review-view.ts";
import { subscribersView } from "./subscribers-view.ts";
import { API, type Issue } from "./types.ts";

/** The newsletter console: signups held for review, subscribers, issues and the issue editor. */
export function newsletterConsole(shell: Shell): ConsoleApp {
  const decisions = createDecisions(shell, document.getElementById("pending") as HTMLUListElement);
  let tabs: ReturnType<typeof createTabs> | null = null;
  let review: ReturnType<typeof reviewView> | null = null;

  function build() {
    let subscribers: ReturnType<typeof subscribersView> | null = null;
    let issues: ReturnType<typeof issuesView> | null = null;
    let editor: ReturnType<typeof editorView> | null = null;
    let opening: Issue | null | undefined;

    async function refreshCounts() {
      const { subscribers: counts } = await shell.api.json<{ subscribers: Record<string, number> }>(
        "GET",
        `${API}/stats`,
      );
      tabs?.setCount("review", counts.pending_review ?? 0);
      subscribers?.setCounts(counts);
      last = counts;
    }
    let last: Record<string, number> | null = null;
    const changed = () => void refreshCounts().catch(shell.fail);

    const t = createTabs(
      "Newsletter console",
      [
        {
          id: "review",
          label: "Review",
          build: (panel) => {
            review = reviewView(shell, decisions, panel, changed);
          },
          show: () => review?.load(),
        },
        {
          id: "subscribers",
          label: "Subscribers",
          build: (panel) => {
            subscribers = subscribersView(shell, panel, changed);
            if (last) subscribers.setCounts(last);
          },
          show: () => subscribers?.load(),
        },
        {
          id: "issues",
          label: "Issues",
          build: (panel) => {
            issues = issuesView(
              shell,
              panel,
              (issue) => {
                opening = issue;
                void t.select("editor", true);
              },
              () => t.current() === "issues",
            );
          },
          show: () => issues?.load(),
        },
        {
          id: "editor",
          label: "Editor",
          build: (panel) => {
            editor = editorView(shell, panel, () => void issues?.load().catch(shell.fail));
          },
          show: async () => {
            if (opening !== undefined) editor?.show(opening);
            opening = undefined;
            return null;
          },
        },
      ],
      { announce: shell.announce, fail: shell.fail },
    );
    tabs = t;
    shell.root.replaceChildren(t.element);
    return { t, refreshCounts };
  }

  return {
    async start() {
      const { t, refreshCounts } = build();
      const [shown] = await Promise.all([t.select(t.initial()), refreshCounts()]);
      return shown ?? "";
    },
    flush: () => decisions.flush(),
    reset() {
      decisions.reset();
      shell.root.replaceChildren();
      tabs = null;
      review = null;
    },
    focusTarget() {
      if (!tabs) return null;
      return (tabs.current() === "review" ? review?.first() : null) ?? tabs.tab(tabs.current());
    },
  };
}
