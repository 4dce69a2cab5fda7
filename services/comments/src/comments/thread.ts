import type { CommentRow } from "../db/schema.ts";

/** A comment in a built thread: its row and its shown replies (oldest first). */
export interface ThreadNode {
  row: CommentRow;
  replies: ThreadNode[];
  /** One of the page's shown pins (at most PIN_LIMIT): marked `pinned: true` in the view. */
  pinned?: boolean;
}

/** At most this many comments of one page are pinned (a further pin is refused with 409). */
export const PIN_LIMIT = 3;

export interface BuiltThread {
  /** Shown top-level comments, oldest first. */
  roots: ThreadNode[];
  /**
   * The top-level comments that lead the first page, in the order their pins were made: each pinned comment's
   * own thread (a pinned reply leads with its top-level ancestor and that one's replies). Also in `roots`.
   */
  leading: ThreadNode[];
  /** Every shown comment by id. */
  byId: Map<string, ThreadNode>;
  /** Approved, not deleted, and every ancestor approved: what `total` and `/v1/counts` count. */
  total: number;
}

const byCreated = (a: CommentRow, b: CommentRow) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Builds the visible tree from a page's approved rows. A reply shows only under a shown parent (a reply to a
 * held or rejected comment stays hidden); a deleted comment shows as a stub only while it has shown replies.
 */
export function buildThread(approvedRows: CommentRow[]): BuiltThread {
  const rows = [...approvedRows].sort(byCreated);
  const nodes = new Map<string, ThreadNode>();
  for (const row of rows) nodes.set(row.id, { row, replies: [] });
  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.row.parent_id;
    if (parentId === null) roots.push(node);
    else nodes.get(parentId)?.replies.push(node); // parent not approved: the reply is hidden
  }
  const byId = new Map<string, ThreadNode>();
  let total = 0;
  // Post-order: a node is shown when it is not deleted or when one of its replies is shown.
  const prune = (node: ThreadNode): boolean => {
    node.replies = node.replies.filter(prune);
    const shown = node.row.deleted_at === null || node.replies.length > 0;
    if (shown) byId.set(node.row.id, node);
    if (node.row.deleted_at === null) total++;
    return shown;
  };
  const shown = roots.filter(prune);
  const pins = [...byId.values()]
    .filter((n) => n.row.pinned_at != null && n.row.deleted_at === null)
    .sort((a, b) =>
      a.row.pinned_at === b.row.pinned_at
        ? byCreated(a.row, b.row)
        : (a.row.pinned_at ?? "") < (b.row.pinned_at ?? "")
          ? -1
          : 1,
    )
    .slice(0, PIN_LIMIT);
  const thread = { roots: shown, byId, total, leading: [] as ThreadNode[] };
  for (const pin of pins) {
    pin.pinned = true;
    const root = rootOf(thread, pin.row.id) as ThreadNode;
    if (!thread.leading.includes(root)) thread.leading.push(root);
  }
  return thread;
}

/** The top-level ancestor of a shown comment. */
export function rootOf(thread: BuiltThread, id: string): ThreadNode | undefined {
  let node = thread.byId.get(id);
  while (node?.row.parent_id) node = thread.byId.get(node.row.parent_id);
  return node;
}
