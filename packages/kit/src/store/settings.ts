import type { Kysely } from "kysely";
import { hashToken, newToken } from "../core/tokens.ts";

// A small key/value table per service (`<name>_setting`) for what the service generates once and keeps:
// the admin token's hash, the key for hashing client addresses, link-signing keys.

/** Creates the settings table; call it from the service's first migration. */
// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function createSettingTable(db: Kysely<any>, table: string) {
  await db.schema
    .createTable(table)
    .addColumn("key", "varchar(100)", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function getSetting(db: Kysely<any>, table: string, key: string): Promise<string | null> {
  const row = await db.selectFrom(table).select("value").where("key", "=", key).executeTakeFirst();
  return (row?.value as string | undefined) ?? null;
}

// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function putSetting(db: Kysely<any>, table: string, key: string, value: string) {
  await db
    .insertInto(table)
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/** Returns the stored value of `key`, creating it with `make()` the first time (first writer wins). */
// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function ensureSetting(db: Kysely<any>, table: string, key: string, make: () => string) {
  const existing = await getSetting(db, table, key);
  if (existing !== null) return existing;
  await db
    .insertInto(table)
    .values({ key, value: make() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  return (await getSetting(db, table, key)) as string;
}

/**
 * The admin token's hash. With `ADMIN_TOKEN` set, its hash is stored (replacing any earlier one). Unset, a
 * token is generated on the first start and returned once in `generated` for printing; only its hash is kept.
 */
// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function ensureAdminToken(db: Kysely<any>, table: string, configured: string | undefined) {
  if (configured) {
    const hash = hashToken(configured);
    // Written only when it changed: a restart on a store that cannot take writes right now still serves reads.
    if ((await getSetting(db, table, "admin_token_hash")) !== hash)
      await putSetting(db, table, "admin_token_hash", hash);
    return { hash, generated: null as string | null };
  }
  const existing = await getSetting(db, table, "admin_token_hash");
  if (existing) return { hash: existing, generated: null as string | null };
  const token = newToken();
  const hash = await ensureSetting(db, table, "admin_token_hash", () => hashToken(token));
  return { hash, generated: hash === hashToken(token) ? token : null };
}
