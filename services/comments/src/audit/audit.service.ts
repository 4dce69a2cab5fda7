import { invalidField } from "@parlor/kit";
import { decodeCursor, encodeCursor } from "@parlor/validation";
import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";
import { type AuditEntry, listAudit, recordAudit, toAuditView } from "./audit.repository.ts";

/** The audit log: what moderators, readers and jobs did, written in the transaction of the change it records. */
export function createAuditLog(db: Kysely<CommentsDb>, clock: { now(): Date }) {
  /** One entry, in the caller's transaction, stamped now. */
  function record(trx: Kysely<CommentsDb>, entry: Omit<AuditEntry, "at">) {
    return recordAudit(trx, { ...entry, at: clock.now() });
  }

  /** A page of the log, newest first, optionally for one actor or one subject. */
  async function page(q: { limit: number; cursor?: string; actor?: string; subject?: string }) {
    let before: string | undefined;
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { i?: unknown } | null;
      if (typeof d?.i !== "string") throw invalidField("cursor", "must be a cursor returned by this API");
      before = d.i;
    }
    const rows = await listAudit(db, { limit: q.limit + 1, before, actor: q.actor, subject: q.subject });
    const entries = rows.slice(0, q.limit);
    const last = entries.at(-1);
    return {
      entries: entries.map(toAuditView),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ i: last.id }) : null,
    };
  }

  return { record, page };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
