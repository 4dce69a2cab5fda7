import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit.repository.ts";
import { readThreadState, setThreadClosed } from "../comments/thread.repository.ts";
import type { CommentsDb } from "../db/schema.ts";

/** Closing and reopening a page's thread: existing comments stay; new ones get 409. Audited, with an event. */
export function createThreadClosing(deps: {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  autoCloseAfterMs: number;
  events: { emit(event: string, fields: Record<string, unknown>): void };
}) {
  const { db, clock } = deps;

  /** Whether the page takes new comments, why not, and when AUTO_CLOSE_AFTER closes it. */
  async function state(uri: string) {
    return { uri, ...(await readThreadState(db, uri, deps.autoCloseAfterMs, clock.now())) };
  }

  async function setClosed(uri: string, closed: boolean, actor: string) {
    const action = closed ? "close" : "reopen";
    await writeTransaction(db, async (trx) => {
      await setThreadClosed(trx, uri, closed, clock.now().toISOString());
      await recordAudit(trx, { actor, action: `thread.${action}`, subject: uri, uri, at: clock.now() });
    });
    deps.events.emit(`thread.${closed ? "closed" : "reopened"}`, { uri });
    return state(uri);
  }

  return { state, setClosed };
}
export type ThreadClosing = ReturnType<typeof createThreadClosing>;
