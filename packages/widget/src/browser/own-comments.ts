/** What lets a reader change their own comment for a while: kept in localStorage, never in a cookie. */
export interface OwnComment {
  token: string;
  /** ISO time: `editableUntil` from the API. */
  until: string;
  /** The Markdown as sent (the API hands back only the rendered html). */
  body: string;
}

const KEY = "parlor-own-comments";

function readAll(): Record<string, OwnComment> {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Record<string, OwnComment>;
    const now = Date.now();
    for (const [id, own] of Object.entries(all)) if (!(Date.parse(own.until) > now)) delete all[id];
    return all;
  } catch {
    return {}; // storage off or full: the reader just cannot edit later
  }
}

function writeAll(all: Record<string, OwnComment>) {
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    /* storage off or full */
  }
}

/** The edit tokens of this browser's comments, expired ones dropped on every read. */
export const ownComments = {
  get(id: string): OwnComment | null {
    return readAll()[id] ?? null;
  },
  set(id: string, own: OwnComment) {
    writeAll({ ...readAll(), [id]: own });
  },
  remove(id: string) {
    const all = readAll();
    delete all[id];
    writeAll(all);
  },
};
