import { h } from "../../browser/dom.ts";
import type { Request } from "../kit/api.ts";
import { confirmed } from "../kit/confirm.ts";
import { type DecisionKey, shortcuts } from "../kit/shortcuts.ts";
import { plural } from "../kit/text.ts";
import { commentActions } from "./comment-actions.ts";
import { commentItem, NEW_STATUS } from "./comment-item.ts";
import type { ListContext } from "./list-context.ts";
import { type AdminComment, API, type Decision, type QueuePage, type View } from "./types.ts";

const PAGE_SIZE = 50;
const BULK_MAX = 500; // the bulk endpoint takes at most 500 ids at once
const KEYS: Record<DecisionKey, "approve" | "reject" | "spam"> = { a: "approve", r: "reject", s: "spam" };
const DOING: Record<Decision, string> = {
  approve: "Approving",
  reject: "Rejecting",
  spam: "Marking as spam",
  "reject-edit": "Rejecting the edit of",
};
const DONE: Record<string, string> = {
  approve: "Approved",
  reject: "Rejected",
  spam: "Marked as spam",
  "reject-edit": "Edit rejected",
  delete: "Deleted",
};

export type { ListContext };

export interface ListQuery {
  view: View;
  params: URLSearchParams;
  /** " matching “…”" or "" */
  match: string;
}

/**
 * A list of comments with the actions on each, the selection and bulk actions, paging, and the keyboard
 * shortcuts: the Queue, Reported and Search tabs are each one of these. Decisions (approve, reject, spam) are
 * held for the undo window; delete asks for a second press and is sent at once.
 */
export function commentList(ctx: ListContext, id: string, label: string, query: () => ListQuery) {
  const { shell, decisions, counts } = ctx;
  const state = { view: "pending" as View, cursor: null as string | null, seq: 0, match: "" };

  // The list itself can hold focus (when its last comment is decided), so the shortcuts (u: undo) still work.
  const list = h("ol", { id, class: "queue", "aria-label": label, tabindex: "-1" });
  const empty = h("p", { class: "empty", hidden: true });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const selectAll = h("input", { type: "checkbox", class: "select-all", disabled: true });
  const selected = h("span", { class: "count", id: `${id}-selected` }, "None selected");
  const bulkButtons = (["approve", "reject", "spam", "delete"] as const).map((action) =>
    h(
      "button",
      {
        type: "button",
        class: action === "delete" ? "bulk-action danger" : "bulk-action",
        "data-action": action,
        disabled: true,
      },
      `${action[0].toUpperCase()}${action.slice(1)} selected`,
    ),
  );
  const bulk = h(
    "div",
    { class: "bulk", role: "group", "aria-label": "Selected comments" },
    h("label", { class: "check" }, selectAll, " Select all"),
    selected,
    ...bulkButtons,
  );
  const region = h("div", { class: "list-region" }, list, empty, more);
  const bar = shortcuts(region, {
    entries: () => items(),
    decisions: { a: "Approve", r: "Reject", s: "Mark as spam" },
    decide: (li, key) => {
      const action = KEYS[key];
      if (NEW_STATUS[action] !== li.dataset.status) decide([li], action);
    },
    toggle: (li) => {
      const pick = li.querySelector<HTMLInputElement>(".pick");
      if (!pick) return;
      pick.checked = !pick.checked;
      refresh();
    },
    undo: () => decisions.undoLast(),
  });
  const element = h("div", { class: "comment-list" }, h("div", { class: "toolbar" }, bulk, bar), region);

  const items = () => [...list.querySelectorAll<HTMLLIElement>(":scope > .item")];

  /** The select-all box, the count and the bulk buttons, and the empty state. */
  function refresh() {
    const picks = items().map((li) => li.querySelector<HTMLInputElement>(".pick") as HTMLInputElement);
    const chosen = picks.filter((p) => p.checked).length;
    selectAll.checked = chosen > 0 && chosen === picks.length;
    selectAll.indeterminate = chosen > 0 && chosen < picks.length;
    selectAll.disabled = picks.length === 0;
    selected.textContent = chosen ? `${chosen} selected` : "None selected";
    for (const b of bulkButtons) {
      b.disabled = chosen === 0;
      b.hidden = NEW_STATUS[b.dataset.action ?? ""] === state.view;
    }
    empty.hidden = picks.length > 0;
    empty.textContent = `No ${state.view} comments${state.match}.`;
  }

  async function load(append = false): Promise<string | null> {
    const seq = ++state.seq;
    const q = query();
    if (append && state.cursor) q.params.set("cursor", state.cursor);
    q.params.set("limit", String(PAGE_SIZE));
    list.setAttribute("aria-busy", "true");
    more.disabled = true;
    try {
      const page = await shell.api.json<QueuePage>("GET", `${API}?${q.params}`);
      if (seq !== state.seq) return null; // a newer request (another search) has taken over
      state.view = q.view;
      state.match = q.match;
      if (!append) list.replaceChildren();
      // A comment whose decision waits in its undo window is not shown again.
      const added = page.comments.filter((c) => !decisions.holds(c.id)).map((c: AdminComment) => commentItem(c));
      list.append(...added);
      state.cursor = page.nextCursor;
      more.hidden = !page.nextCursor;
      refresh();
      if (append) added[0]?.focus();
      return `${plural(items().length, `${state.view} comment`)}${state.match} shown${page.nextCursor ? ", more to load" : ""}.`;
    } finally {
      if (seq === state.seq) {
        list.removeAttribute("aria-busy");
        more.disabled = false;
      }
    }
  }

  /** Takes items out of the list, keeping the keyboard user's place; returns how to put them back. */
  function takeOut(lis: HTMLLIElement[]) {
    const gone = new Set(lis);
    const places = lis.map((li) => ({ li, next: li.nextElementSibling }));
    const hadFocus = lis.some((li) => li.contains(document.activeElement));
    const all = items();
    const last = all.indexOf(lis[lis.length - 1]);
    const neighbour =
      all.slice(last + 1).find((li) => !gone.has(li)) ??
      all
        .slice(0, last)
        .reverse()
        .find((li) => !gone.has(li));
    for (const li of lis) li.remove();
    refresh();
    if (hadFocus) (neighbour ?? list).focus();
    return (focus: boolean) => {
      for (const { li, next } of [...places].reverse()) {
        if (next && next.parentElement === list) list.insertBefore(li, next);
        else list.append(li);
      }
      refresh();
      if (focus) lis[0].focus();
    };
  }

  const adjust = (lis: HTMLLIElement[], delta: number) => {
    for (const li of lis) counts.adjust(state.view, delta, li.classList.contains("crisis"));
  };

  /** Approve, reject or spam: held for the undo window, then sent (in one bulk request per 500 for several). */
  function decide(lis: HTMLLIElement[], action: Decision) {
    if (lis.length === 0) return;
    const one = lis.length === 1;
    const who = one ? `the comment by ${lis[0].dataset.name}` : plural(lis.length, "comment");
    const ids = lis.map((li) => li.dataset.id as string);
    const requests: Request[] = one
      ? [{ method: "POST", path: `${API}/${encodeURIComponent(ids[0])}/${action}` }]
      : chunks(ids).map((chunk) => ({ method: "POST", path: `${API}/bulk`, body: { ids: chunk, action } }));
    for (const li of lis) {
      const pick = li.querySelector<HTMLInputElement>(".pick");
      if (pick) pick.checked = false;
    }
    const putBack = takeOut(lis);
    adjust(lis, -1);
    decisions.hold({
      ids,
      doing: `${DOING[action]} ${who}`,
      undone: `Undone: ${who} ${one ? "is" : "are"} back in the list.`,
      requests,
      restore: (focus) => {
        putBack(focus);
        adjust(lis, 1);
      },
      done: (answers) => (one ? `${DONE[action]}: ${who}.` : bulkSummary(action, answers)),
      sent: () => counts.refreshQuietly(),
    });
  }

  const { act, postReply } = commentActions(ctx, { view: () => state.view, takeOut, decide });

  async function bulkAction(action: string, button: HTMLButtonElement) {
    const chosen = items().filter((li) => li.querySelector<HTMLInputElement>(".pick")?.checked);
    if (!chosen.length) return;
    if (action !== "delete") {
      decide(chosen, action as "approve" | "reject" | "spam");
      selectAll.focus();
      return;
    }
    if (!confirmed(button, `Delete ${chosen.length} for good?`, shell.announce)) return;
    for (const b of bulkButtons) b.disabled = true;
    try {
      const answers: unknown[] = [];
      for (const chunk of chunks(chosen.map((li) => li.dataset.id as string)))
        answers.push(await shell.api.json("POST", `${API}/bulk`, { ids: chunk, action }));
      takeOut(chosen);
      shell.clearError();
      shell.announce(bulkSummary("delete", answers));
      counts.refreshQuietly();
    } catch (e) {
      shell.fail(e);
    } finally {
      refresh();
      selectAll.focus();
    }
  }

  more.addEventListener("click", async () => {
    try {
      const shown = await load(true);
      if (shown) shell.announce(shown);
    } catch (e) {
      shell.fail(e);
    }
  });
  selectAll.addEventListener("change", () => {
    for (const li of items()) {
      const pick = li.querySelector<HTMLInputElement>(".pick");
      if (pick) pick.checked = selectAll.checked;
    }
    refresh();
  });
  list.addEventListener("change", (e) => {
    if ((e.target as HTMLElement).classList?.contains("pick")) refresh();
  });
  list.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest?.<HTMLButtonElement>("button[data-act]");
    const li = button?.closest<HTMLLIElement>(".item");
    if (button && li) void act(li, button.dataset.act as string, button);
  });
  list.addEventListener("submit", (e) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const li = form.closest<HTMLLIElement>(".item");
    if (li) void postReply(li, form);
  });
  for (const b of bulkButtons) b.addEventListener("click", () => void bulkAction(b.dataset.action as string, b));

  return {
    element,
    load,
    first: () => items()[0] ?? null,
    clear() {
      state.seq++;
      list.replaceChildren();
      refresh();
    },
  };
}

function chunks(ids: string[]) {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += BULK_MAX) out.push(ids.slice(i, i + BULK_MAX));
  return out;
}

function bulkSummary(action: string, answers: unknown[]) {
  let updated = 0;
  const missing = new Set<string>();
  for (const a of answers as { updated: number; missing: string[] }[]) {
    updated += a.updated;
    for (const id of a.missing) missing.add(id);
  }
  const gone = missing.size
    ? ` ${plural(missing.size, "comment")} ${missing.size === 1 ? "was" : "were"} already gone.`
    : "";
  return `${DONE[action]}: ${plural(updated, "comment")}.${gone}`;
}
