import { likeLiteral, likePattern } from "@parlor/kit/store";
import { sql } from "kysely";
import type { AnyDb } from "./db.ts";

// Forgetting a person: each function deletes the rows it finds, whatever their status (a delivered row still
// keeps its payload until its handler scrubs it), and returns their ids so a handler can remove what it wrote
// elsewhere (the mail handler's .eml files). A row being delivered at this moment may still go out; its outcome
// then updates no row.

/** Deletes the rows whose target is `target` (compared lower-cased). */
export async function eraseTarget(db: AnyDb, table: string, target: string): Promise<string[]> {
  const ids = (
    await db.selectFrom(table).select("id").where("recipient", "=", target.trim().toLowerCase()).execute()
  ).map((r) => r.id as string);
  return deleteRows(db, table, ids);
}

/** Deletes the rows whose payload names `text` anywhere (literally, case-insensitive: `_` and `%` are not wildcards). */
export async function erasePayloadMentions(db: AnyDb, table: string, text: string): Promise<string[]> {
  const needle = likeLiteral(text.trim().toLowerCase());
  const ids = (
    await db
      .selectFrom(table)
      .select("id")
      .where(likePattern(sql`lower(message)`, `%${needle}%`))
      .execute()
  ).map((r) => r.id as string);
  return deleteRows(db, table, ids);
}

/** Deletes the rows whose key starts with one of `prefixes` (literally). */
export async function eraseKeyPrefixes(db: AnyDb, table: string, prefixes: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < prefixes.length; i += 100) {
    const patterns = prefixes.slice(i, i + 100).map((p) => `${likeLiteral(p)}%`);
    const found = await db
      .selectFrom(table)
      .select("id")
      .where((eb) => eb.or(patterns.map((p) => likePattern(sql.ref("idempotency_key"), p))))
      .execute();
    ids.push(...found.map((r) => r.id as string));
  }
  return deleteRows(db, table, ids);
}

async function deleteRows(db: AnyDb, table: string, ids: string[]): Promise<string[]> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom(table)
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
  }
  return ids;
}
