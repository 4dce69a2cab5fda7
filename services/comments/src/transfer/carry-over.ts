import { newId } from "@parlor/kit";
import { Email, mailboxKey } from "@parlor/validation";
import type { Kysely } from "kysely";
import { addBlock } from "../blocks/block.repository.ts";
import type { CommentsDb } from "../db/schema.ts";
import type { ImportOptions, ImportSummary } from "./import.options.ts";
import { setImportedThreadState } from "./import.repository.ts";
import type { ReaderItem } from "./import.types.ts";
import { placeRecord } from "./prepare.ts";

/** The source's closed pages and blocked readers, carried over (counted only, on a dry run). */
export async function carryOver(
  db: Kysely<CommentsDb>,
  o: ImportOptions,
  summary: ImportSummary,
  c: {
    states: Extract<ReaderItem, { kind: "pageState" }>[];
    blocks: Extract<ReaderItem, { kind: "block" }>[];
    ctx: Parameters<typeof placeRecord>[1];
    now: string;
  },
) {
  for (const s of c.states) {
    const placed = placeRecord({ page: s.page, permalink: s.permalink }, c.ctx);
    if ("ok" in placed) continue;
    const changed = o.dryRun || (await setImportedThreadState(db, placed.uri, s.closed, s.changedAt ?? c.now, c.now));
    if (changed) summary.threadStates[s.closed ? "closed" : "open"]++;
  }
  for (const b of c.blocks) {
    const email = b.email ? Email.safeParse(b.email) : null;
    if (b.until && Date.parse(b.until) <= Date.parse(c.now)) {
      summary.blocks.notCarried.push({ who: b.who, at: b.at, reason: `the block ended ${b.until}` });
      continue;
    }
    if (!email?.success) {
      summary.blocks.notCarried.push({ who: b.who, at: b.at, reason: "no email address known to block" });
      continue;
    }
    const row = {
      id: newId(),
      kind: "email" as const,
      value: mailboxKey(email.data), // as every email block is kept (block.schemas.ts)
      note: b.note.slice(0, 200),
      created_at: c.now,
    };
    if (o.dryRun || (await addBlock(db, row)).created) summary.blocks.added++;
  }
}
