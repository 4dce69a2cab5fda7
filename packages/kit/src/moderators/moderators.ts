import { skeleton } from "@parlor/validation/skeleton";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { Conflict, Forbidden, NotFound } from "../core/errors.ts";
import { hashToken, newToken } from "../core/tokens.ts";

// Named moderator tokens: one row per moderator in `<service>_moderator`, holding only the token's hash. The
// owner's token (ADMIN_TOKEN) stays in the settings table and acts as "owner".

/** The name the owner's token (ADMIN_TOKEN) acts under. */
export const OWNER = "owner";
/**
 * Names the services' audit logs and pages use for actors that are not moderators; no moderator may take them, nor
 * a name that looks like one ("ｏｗｎｅｒ", "0wner", "Mоderator" with a Cyrillic о: compared by their skeletons).
 */
export const RESERVED_ACTORS = [OWNER, "reader", "retention", "email-link", "system", "cli", "moderator", "admin"];
const RESERVED_SKELETONS = new Set(RESERVED_ACTORS.map(skeleton));

/** True when `name` reads as one of RESERVED_ACTORS (case, look-alike letters, spacing and punctuation aside). */
export function looksReserved(name: string): boolean {
  return RESERVED_SKELETONS.has(skeleton(name));
}

export interface ModeratorTable {
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ModeratorView {
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A moderator's name as written: what naming an existing moderator (to revoke it) needs. */
export const ModeratorNameText = z
  .string({ error: "must be a name" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u, "may hold letters, digits, spaces and . _ @ -");

/** A new moderator's name: ModeratorNameText that does not read as a reserved actor. Any script is welcome. */
export const ModeratorName = ModeratorNameText.refine(
  (n) => !looksReserved(n),
  "is reserved, or looks like a reserved name (owner, reader, moderator, system, cli, …)",
);

/** Creates the moderators table; call it from a service migration. */
// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
export async function createModeratorTable(db: Kysely<any>, table: string) {
  await db.schema
    .createTable(table)
    .addColumn("name", "varchar(100)", (c) => c.primaryKey())
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(32)")
    .addColumn("revoked_at", "varchar(32)")
    .execute();
}

const view = (r: ModeratorTable): ModeratorView => ({
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

// A write per admin request would be wasteful; "last used" to the minute is all anyone needs.
const TOUCH_EVERY_MS = 60_000;

/**
 * The moderators of one service. Every check reads the table (no cache), so a revoked token stops working at
 * once, on every instance. Writes take the caller's transaction, so an audit row can join them.
 */
export function moderatorStore(
  // biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service
  db: Kysely<any>,
  table: string,
  clock: { now(): Date } = { now: () => new Date() },
) {
  /** A new moderator, or a new token for one that was revoked. Returns the token once. */
  // biome-ignore lint/suspicious/noExplicitAny: a transaction of the service's Kysely
  async function create(trx: Kysely<any>, name: string, options: { rotate?: boolean } = {}) {
    const token = newToken();
    const now = clock.now().toISOString();
    const existing = await trx.selectFrom(table).selectAll().where("name", "=", name).executeTakeFirst();
    if (existing && existing.revoked_at === null && !options.rotate) {
      throw new Conflict(`A moderator named "${name}" already has a token; revoke it first.`);
    }
    if (existing) {
      await trx
        .updateTable(table)
        .set({ token_hash: hashToken(token), created_at: now, last_used_at: null, revoked_at: null })
        .where("name", "=", name)
        .execute();
    } else {
      await trx
        .insertInto(table)
        .values({ name, token_hash: hashToken(token), created_at: now, last_used_at: null, revoked_at: null })
        .execute();
    }
    return { name, token, createdAt: now, replaced: existing ? (existing.revoked_at ? "revoked" : "active") : null };
  }

  /** Revokes a moderator's token at once. */
  // biome-ignore lint/suspicious/noExplicitAny: a transaction of the service's Kysely
  async function revoke(trx: Kysely<any>, name: string) {
    const existing = await trx.selectFrom(table).selectAll().where("name", "=", name).executeTakeFirst();
    if (!existing) throw new NotFound(`No moderator is named "${name}".`);
    if (existing.revoked_at) return { changed: false };
    await trx.updateTable(table).set({ revoked_at: clock.now().toISOString() }).where("name", "=", name).execute();
    return { changed: true };
  }

  async function list(): Promise<ModeratorView[]> {
    const rows = (await db.selectFrom(table).selectAll().orderBy("name").execute()) as ModeratorTable[];
    return rows.map(view);
  }

  /** The name of the moderator whose live token this is, or null. */
  async function identify(token: string): Promise<string | null> {
    const row = (await db
      .selectFrom(table)
      .selectAll()
      .where("token_hash", "=", hashToken(token))
      .where("revoked_at", "is", null)
      .executeTakeFirst()) as ModeratorTable | undefined;
    if (!row) return null;
    const now = clock.now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      await db
        .updateTable(table)
        .set({ last_used_at: now.toISOString() })
        .where("name", "=", row.name)
        .execute()
        .catch(() => {}); // bookkeeping only: a busy store must not refuse the request
    }
    return row.name;
  }

  return { create, revoke, list, identify };
}
export type ModeratorStore = ReturnType<typeof moderatorStore>;

/** Who is acting on this request (set by adminGuard): "owner" or a moderator's name. */
export function actingModerator(c: Context): string {
  return (c.get("moderator") as string | undefined) ?? OWNER;
}

/** Token management is the owner's: a moderator's token gets 403 here. */
export function requireOwner(c: Context) {
  if (c.get("moderator") !== OWNER) throw new Forbidden("Only the owner's token (ADMIN_TOKEN) manages moderators.");
}
