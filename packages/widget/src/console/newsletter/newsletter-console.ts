import { tabbedConsole } from "../kit/app.ts";
import type { ConsoleApp, Shell } from "../kit/shell.ts";
import { createTabs } from "../kit/tabs.ts";
import { editorView } from "./editor-view.ts";
import { issuesView } from "./issues-view.ts";
import { reviewView } from "./review-view.ts";
import { subscribersView } from "./subscribers-view.ts";
import { topicsView } from "./topics-view.ts";
import { API, type Issue } from "./types.ts";

/** The newsletter console: signups held for review, subscribers, issues, the issue editor and the topics. */
export function newsletterConsole(shell: Shell): ConsoleApp {
  return tabbedConsole(shell, (decisions) => {
    let review: ReturnType<typeof reviewView> | null = null;
    let subscribers: ReturnType<typeof subscribersView> | null = null;
    let issues: ReturnType<typeof issuesView> | null = null;
    let editor: ReturnType<typeof editorView> | null = null;
    let topics: ReturnType<typeof topicsView> | null = null;
    let opening: Issue | null | undefined;
    let last: Record<string, number> | null = null;

    async function refreshCounts() {
      const { subscribers: counts } = await shell.api.json<{ subscribers: Record<string, number> }>(
        "GET",
        `${API}/stats`,
      );
      tabs.setCount("review", counts.pending_review ?? 0);
      subscribers?.setCounts(counts);
      last = counts;
    }
    const changed = () => void refreshCounts().catch(shell.fail);

    const tabs = createTabs(
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
                void tabs.select("editor", true);
              },
              () => tabs.current() === "issues",
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
            await editor?.loadTopics();
            if (opening !== undefined) editor?.show(opening);
            opening = undefined;
            return null;
          },
        },
        {
          id: "topics",
          label: "Topics",
          build: (panel) => {
            topics = topicsView(shell, panel);
          },
          show: () => topics?.load(),
        },
      ],
      { announce: shell.announce, fail: shell.fail },
    );
    return { tabs, refreshCounts, first: () => (tabs.current() === "review" ? (review?.first() ?? null) : null) };
  });
}
