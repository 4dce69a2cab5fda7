import { randomBytes } from "node:crypto";
import { ensureAdminToken, ensureSetting, migrateToLatest } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { migrations } from "./db/migrations/index.ts";
import { type CommentsDb, SETTING_TABLE } from "./db/schema.ts";

/**
 * Brings a database up to date and reads what the service keeps in it: the admin token's hash (a generated
 * token is returned once, for printing), the key that hashes client addresses and the key that signs email links.
 */
export async function prepareStore(db: Kysely<CommentsDb>, adminToken: string | undefined) {
  await migrateToLatest(db as Kysely<unknown>, "comments", migrations);
  const admin = await ensureAdminToken(db, SETTING_TABLE, adminToken);
  const key = () => randomBytes(32).toString("base64url");
  const clientKey = await ensureSetting(db, SETTING_TABLE, "client_hash_key", key);
  const linkKey = await ensureSetting(db, SETTING_TABLE, "link_key", key);
  return { adminTokenHash: admin.hash, generatedAdminToken: admin.generated, clientKey, linkKey };
}
