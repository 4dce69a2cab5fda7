import { createDecisions, type Decisions } from "./decisions.ts";
import type { ConsoleApp, Shell } from "./shell.ts";
import type { Tabs } from "./tabs.ts";

/** What a console builds on each sign-in. */
export interface Built {
  tabs: Tabs;
  /** Reads the counts the tabs show. */
  refreshCounts(): Promise<void>;
  /** Where focus goes after signing in: the first entry of the list shown, if the tab has one. */
  first(): HTMLElement | null;
}

/**
 * A console made of tabs, built afresh on each sign-in and forgotten on sign-out, with one set of held
 * decisions (sent before the token is forgotten).
 */
export function tabbedConsole(shell: Shell, build: (decisions: Decisions) => Built): ConsoleApp {
  const decisions = createDecisions(shell, document.getElementById("pending") as HTMLUListElement);
  let built: Built | null = null;
  return {
    async start() {
      built = build(decisions);
      shell.root.replaceChildren(built.tabs.element);
      const [shown] = await Promise.all([built.tabs.select(built.tabs.initial()), built.refreshCounts()]);
      return shown ?? "";
    },
    flush: () => decisions.flush(),
    reset() {
      decisions.reset();
      shell.root.replaceChildren();
      built = null;
    },
    focusTarget() {
      if (!built) return null;
      return built.first() ?? built.tabs.tab(built.tabs.current());
    },
  };
}
