import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit.repository.ts";
import { deleteRefused, dropClientHashesBefore, refusedBefore, withReplies } from "../comments/comment.repository.ts";
import { eraseCommentIn } from "../comments/comment.service.ts";
import type { CommentsDb } from "../db/schema.ts";

const BATCH = 200;

export interface RetentionDeps {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  /** PURGE_AFTER and CLIENT_HASH_RETENTION in milliseconds; 0 keeps forever. */
  purgeAfterMs: number;
  clientHashRetentionMs: number;
  /** Rate-limit counters whose expired rows are dropped (on PostgreSQL they keep client hashes). */
  limiters?: { clearExpired(): Promise<void> }[];
}

/**
 * What Parlor stops keeping after a while. Idempotent and safe to run on several instances at once.
 * - Rejected and spam comments decided more than PURGE_AFTER ago are deleted; one that has replies (it was
 *   approved, answered, then rejected) becomes a stub so the replies keep their place. Each leaves an
 *   anonymised audit entry ("comment.purge": id, page, status), so the log still shows it existed.
 * - Keyed client-address hashes older than CLIENT_HASH_RETENTION are set to null.
 */
export function createRetention(deps: RetentionDeps) {
  const { db, clock } = deps;
  const cutoff = (ms: number) => new Date(clock.now().getTime() - ms).toISOString();

  async function purge(): Promise<{ deleted: number; stubbed: number }> {
    if (deps.purgeAfterMs <= 0) return { deleted: 0, stubbed: 0 };
    const before = cutoff(deps.purgeAfterMs);
    let deleted = 0;
    let stubbed = 0;
    let after = "";
    for (;;) {
      const rows = await refusedBefore(db, before, { after, limit: BATCH });
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const counts = await writeTransaction(db, async (trx) => {
        const ids = rows.map((r) => r.id);
        const parents = await withReplies(trx, ids);
        const now = clock.now();
        const gone: string[] = [];
        let stubs = 0;
        for (const row of rows) {
          if (parents.has(row.id)) {
            if (row.deleted_at !== null && row.body === "") continue; // already a stub from an earlier run
            await eraseCommentIn(trx, row, now.toISOString(), { forgetName: true });
            stubs++;
          } else {
            gone.push(row.id);
          }
          await recordAudit(trx, {
            actor: "retention",
            action: "comment.purge",
            subject: row.id,
            uri: row.uri,
            before: row.status,
            after: parents.has(row.id) ? "stub" : null,
            detail: parents.has(row.id) ? "kept as an empty stub: it has replies" : null,
            at: now,
          });
        }
        // Re-checked in the delete: a status changed since the read (a moderator approved it) is kept.
        if (gone.length > 0) {
          await deleteRefused(trx, gone);
        }
        return { deleted: gone.length, stubbed: stubs };
      });
      deleted += counts.deleted;
      stubbed += counts.stubbed;
      if (rows.length < BATCH) break;
    }
    return { deleted, stubbed };
  }

  async function dropClientHashes(): Promise<number> {
    if (deps.clientHashRetentionMs <= 0) return 0;
    const dropped = await dropClientHashesBefore(db, cutoff(deps.clientHashRetentionMs));
    for (const limiter of deps.limiters ?? []) await limiter.clearExpired();
    return dropped;
  }

  async function run() {
    const purged = await purge();
    const hashesDropped = await dropClientHashes();
    return { ...purged, hashesDropped };
  }

  return { purge, dropClientHashes, run };
}
export type Retention = ReturnType<typeof createRetention>;
