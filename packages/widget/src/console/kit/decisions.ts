import { h } from "../../browser/dom.ts";
import { ApiError, type Request } from "./api.ts";
import type { Shell } from "./shell.ts";

/** How long a decision waits in the browser, undoable, before it is sent. */
export const UNDO_MS = 10_000;

export interface Decision {
  /** What it is about (comment or subscriber ids): a list reloaded meanwhile leaves them out. */
  ids: string[];
  /** "Approving the comment by Ana": shown while it waits, and said when it starts. */
  doing: string;
  /** Said once the server took it. */
  done(answers: unknown[]): string;
  /** Said when it is undone. */
  undone: string;
  /** What to send when the time is up (in order). */
  requests: Request[];
  /** Puts back what the decision took away (the item in its list), and returns focus there when asked. */
  restore(focus: boolean): void;
  /** After the server took it. */
  sent?(answers: unknown[]): void;
}

interface Held {
  decision: Decision;
  timer: number;
  row: HTMLLIElement;
}

/**
 * Decisions held in the browser for UNDO_MS before they are sent, each undoable until then.
 *
 * Why the browser holds them instead of the server undoing them: approving publishes a comment at once, mails
 * the parent's author and fires webhooks, and those cannot be called back; a signup approved is mailed its
 * confirmation. Held here, an undo is exact (nothing happened yet), and nothing changes on the server's side.
 * A decision still held when the moderator signs out is sent first; when the tab closes, it is sent with
 * `keepalive`. If the browser dies in those 10 seconds, the comment simply stays in the queue.
 */
export function createDecisions(shell: Shell, list: HTMLUListElement, holdMs = UNDO_MS) {
  const held: Held[] = [];

  function drop(entry: Held) {
    clearTimeout(entry.timer);
    const at = held.indexOf(entry);
    if (at >= 0) held.splice(at, 1);
    entry.row.remove();
    list.hidden = held.length === 0;
  }

  async function send(entry: Held) {
    drop(entry);
    const { decision } = entry;
    try {
      const answers: unknown[] = [];
      for (const r of decision.requests) answers.push(await shell.api.json(r.method, r.path, r.body));
      decision.sent?.(answers);
      shell.announce(decision.done(answers));
    } catch (e) {
      // Gone meanwhile (another moderator deleted it): nothing to put back.
      if (!(e instanceof ApiError && e.status === 404)) decision.restore(false);
      shell.fail(e);
    }
  }

  function undo(entry: Held, focus: boolean) {
    drop(entry);
    entry.decision.restore(focus);
    shell.announce(entry.decision.undone);
  }

  function hold(decision: Decision) {
    const button = h(
      "button",
      { type: "button", class: "undo" },
      "Undo",
      h("span", { class: "visually-hidden" }, ` ${decision.doing.toLowerCase()}`),
    );
    const row = h(
      "li",
      { class: "pending-item" },
      h("span", { class: "pending-text" }, decision.doing),
      button,
      h("span", { class: "countdown" }),
    );
    const entry: Held = { decision, row, timer: window.setTimeout(() => void send(entry), holdMs) };
    button.addEventListener("click", () => undo(entry, true));
    held.push(entry);
    list.append(row);
    list.hidden = false;
    // The waiting decision shows in the list below the status line; the sentence is for screen readers.
    shell.announce(
      `${decision.doing}. Undo within ${Math.round(holdMs / 1000)} seconds with u or the Undo button.`,
      true,
    );
  }

  // A closing tab cannot wait for answers: what is held goes out with keepalive.
  window.addEventListener("pagehide", () => {
    for (const entry of [...held]) {
      drop(entry);
      shell.api.beacon(entry.decision.requests);
    }
  });

  return {
    hold,
    /** Undoes the newest held decision; false when none is held. */
    undoLast() {
      const last = held.at(-1);
      if (!last) return false;
      undo(last, true);
      return true;
    },
    /** Sends every held decision now (before signing out). */
    async flush() {
      for (const entry of [...held]) await send(entry);
    },
    /** Forgets what is held without sending it. */
    reset() {
      for (const entry of [...held]) drop(entry);
    },
    count: () => held.length,
    /** Whether a decision about this id waits to be sent. */
    holds: (id: string) => held.some((e) => e.decision.ids.includes(id)),
  };
}
export type Decisions = ReturnType<typeof createDecisions>;
