import { skeleton } from "@parlor/validation/skeleton";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { Conflict, Forbidden, NotFound } from "../core/errors.ts";
import { hashToken, newToken } from "../core/tokens.ts";
import { writeTransaction } from "../store/transaction.ts";
import {
  findLiveModerator,
  findModerator,
  insertModerator,
  listModerators,
  type ModeratorTable,
  updateModerator,
} from "./moderator.repository.ts";

export { createModeratorTable, type ModeratorTable } from "./moderator.repository.ts";

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

const view = (r: ModeratorTable): ModeratorView => ({
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

// A write per admin request would be wasteful; "last used" to the minute is all anyone needs.
const TOUCH_EVERY_MS = 60_000;

/** What a token change tells the service's audit log, in the same transaction as the change. */
export type TokenAudit = (
  // biome-ignore lint/suspicious/noExplicitAny: a transaction of the service's Kysely
  trx: Kysely<any>,
  entry: { actor: string; action: TokenAction; subject: string },
) => Promise<void>;
export type TokenAction = "token.create" | "token.rotate" | "token.revoke";

/**
 * The moderators of one service. Every check reads the table (no cache), so a revoked token stops working at
 * once, on every instance. A token's change and its audit entry (when the service keeps an audit log) are
 * written in one transaction.
 */
export function moderatorStore(
  // biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service
  db: Kysely<any>,
  table: string,
  clock: { now(): Date } = { now: () => new Date() },
  audit?: TokenAudit,
) {
  /**
   * A new moderator (`rotate`: or a new token for one who has a live one; without it that is a 409), or a new
   * token for one that was revoked. Returns the token once. Audited as `action`, by default `token.rotate` when a
   * live token was replaced and `token.create` otherwise.
   */
  async function issue(name: string, actor: string, options: { rotate?: boolean; action?: TokenAction } = {}) {
    return writeTransaction(db, async (trx) => {
      const token = newToken();
      const now = clock.now().toISOString();
      const existing = await findModerator(trx, table, name);
      if (existing && existing.revoked_at === null && !options.rotate) {
        throw new Conflict(`A moderator named "${name}" already has a token; revoke it first.`);
      }
      const fresh = { token_hash: hashToken(token), created_at: now, last_used_at: null, revoked_at: null };
      if (existing) await updateModerator(trx, table, name, fresh);
      else await insertModerator(trx, table, { name, ...fresh });
      const replaced = existing ? (existing.revoked_at ? ("revoked" as const) : ("active" as const)) : null;
      const action = options.action ?? (replaced === "active" ? "token.rotate" : "token.create");
      await audit?.(trx, { actor, action, subject: name });
      return { name, token, createdAt: now, replaced };
    });
  }

  /** Revokes a moderator's token at once (404 for an unknown name; revoking twice changes nothing). */
  async function revoke(name: string, actor: string) {
    return writeTransaction(db, async (trx) => {
      const existing = await findModerator(trx, table, name);
      if (!existing) throw new NotFound(`No moderator is named "${name}".`);
      if (existing.revoked_at) return { changed: false };
      await updateModerator(trx, table, name, { revoked_at: clock.now().toISOString() });
      await audit?.(trx, { actor, action: "token.revoke", subject: name });
      return { changed: true };
    });
  }

  async function list(): Promise<ModeratorView[]> {
    return (await listModerators(db, table)).map(view);
  }

  /** The name of the moderator whose live token this is, or null. */
  async function identify(token: string): Promise<string | null> {
    const row = await findLiveModerator(db, table, hashToken(token));
    if (!row) return null;
    const now = clock.now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      // bookkeeping only: a busy store must not refuse the request
      await updateModerator(db, table, row.name, { last_used_at: now.toISOString() }).catch(() => {});
    }
    return row.name;
  }

  return { issue, revoke, list, identify };
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
