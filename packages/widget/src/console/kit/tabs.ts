import { h } from "../../browser/dom.ts";

export interface TabSpec {
  id: string;
  label: string;
  /** Builds the panel's content the first time it is shown. */
  build(panel: HTMLElement): void;
  /** Each time the tab is shown (after build): load or refresh what it lists; resolves with what is shown. */
  show?(): Promise<string | null | undefined> | undefined;
}

export interface TabsOptions {
  /** Says what a tab the moderator chose shows. */
  announce(text: string): void;
  fail(e: unknown): void;
}

/**
 * Tabs as the ARIA Authoring Practices describe them: a `tablist` of `tab` buttons, each controlling one
 * `tabpanel`; one tab in the Tab order (roving tabindex), Left/Right (and Home/End) move between tabs and show
 * them. The shown tab is kept in the address's fragment, so a reload comes back to it.
 */
export function createTabs(label: string, specs: TabSpec[], options: TabsOptions) {
  const tablist = h("div", { role: "tablist", "aria-label": label, class: "tablist" });
  const panels = h("div", { class: "panels" });
  const built = new Set<string>();
  const tabs = new Map<string, { tab: HTMLButtonElement; count: HTMLSpanElement; panel: HTMLElement; spec: TabSpec }>();
  let current = "";

  for (const spec of specs) {
    const count = h("span", { class: "tab-count", hidden: true });
    const tab = h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `tab-${spec.id}`,
        "aria-controls": `panel-${spec.id}`,
        "aria-selected": "false",
        tabindex: "-1",
      },
      h("span", { class: "tab-label" }, spec.label),
      " ",
      count,
    );
    const panel = h("div", {
      role: "tabpanel",
      id: `panel-${spec.id}`,
      "aria-labelledby": `tab-${spec.id}`,
      class: "panel",
      hidden: true,
    });
    tab.addEventListener("click", () => chosen(spec.id, false));
    tablist.append(tab);
    panels.append(panel);
    tabs.set(spec.id, { tab, count, panel, spec });
  }

  tablist.addEventListener("keydown", (e) => {
    const ids = [...tabs.keys()];
    const at = ids.indexOf(current);
    const next =
      e.key === "ArrowRight"
        ? ids[(at + 1) % ids.length]
        : e.key === "ArrowLeft"
          ? ids[(at - 1 + ids.length) % ids.length]
          : e.key === "Home"
            ? ids[0]
            : e.key === "End"
              ? ids[ids.length - 1]
              : null;
    if (!next) return;
    e.preventDefault();
    chosen(next, true);
  });

  /** A tab the moderator picked: what it shows is said, a failure shown. */
  function chosen(id: string, focus: boolean) {
    select(id, focus).then((shown) => shown && options.announce(shown), options.fail);
  }

  async function select(id: string, focus = false): Promise<string | null | undefined> {
    const target = tabs.get(id);
    if (!target) return;
    current = id;
    for (const [other, t] of tabs) {
      const on = other === id;
      t.tab.setAttribute("aria-selected", String(on));
      t.tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
    if (focus) target.tab.focus();
    if (location.hash !== `#${id}`) history.replaceState(null, "", `#${id}`);
    if (!built.has(id)) {
      built.add(id);
      target.spec.build(target.panel);
    }
    // Busy while it loads: a screen reader waits, and so can a test.
    target.panel.setAttribute("aria-busy", "true");
    try {
      return await target.spec.show?.();
    } finally {
      target.panel.removeAttribute("aria-busy");
    }
  }

  return {
    element: h("div", { class: "tabs" }, tablist, panels),
    select,
    current: () => current,
    tab: (id: string) => tabs.get(id)?.tab ?? null,
    panel: (id: string) => tabs.get(id)?.panel ?? null,
    /** The tab named in the address (`#blocks`), else the first. */
    initial: () => (tabs.has(location.hash.slice(1)) ? location.hash.slice(1) : specs[0].id),
    /** A number beside a tab's name (what waits there); null hides it. */
    setCount(id: string, n: number | null) {
      const t = tabs.get(id);
      if (!t) return;
      t.count.hidden = n === null;
      t.count.textContent = n === null ? "" : String(n);
    },
  };
}
export type Tabs = ReturnType<typeof createTabs>;
