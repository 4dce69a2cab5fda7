import { randomBytes } from "node:crypto";
import { hashToken } from "@parlor/kit";
import { ensureAdminToken, ensureSetting, migrateToLatest } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { migrations } from "./db/migrations/index.ts";
import { type NewsletterDb, SETTING_TABLE } from "./db/schema.ts";

export interface Secrets {
  adminTokenHash: string;
  /** Hash of WEBHOOK_TOKEN, when one is set: it opens the bounce webhook and nothing else. */
  webhookTokenHash: string | null;
  /** Keys client addresses for rate limits and the screen. */
  clientKey: string;
  /** Signs unsubscribe links. */
  linkKey: string;
  /** Keys the address hashes on the suppression list (and rate-limit keys), so the list alone names nobody. */
  suppressionKey: string;
}

/**
 * Brings a database up to date and reads what the service keeps in it: the admin token's hash (a generated
 * token is returned once, for printing) and the service's keys.
 */
export async function prepareStore(
  db: Kysely<NewsletterDb>,
  adminToken: string | undefined,
  webhookToken?: string,
): Promise<Secrets & { generatedAdminToken: string | null }> {
  await migrateToLatest(db as Kysely<unknown>, "newsletter", migrations);
  const admin = await ensureAdminToken(db, SETTING_TABLE, adminToken);
  const key = () => randomBytes(32).toString("base64url");
  return {
    adminTokenHash: admin.hash,
    generatedAdminToken: admin.generated,
    webhookTokenHash: webhookToken ? hashToken(webhookToken) : null,
    clientKey: await ensureSetting(db, SETTING_TABLE, "client_hash_key", key),
    linkKey: await ensureSetting(db, SETTING_TABLE, "link_key", key),
    suppressionKey: await ensureSetting(db, SETTING_TABLE, "suppression_key", key),
  };
}
