import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { parseInput, readBody } from "../http/body.ts";
import type { RequestVars } from "../http/request-log.ts";
import { writeTransaction } from "../store/transaction.ts";
import { actingModerator, ModeratorName, ModeratorNameText, type ModeratorStore, requireOwner } from "./moderators.ts";

/** What a token change tells the service's audit log, in the same transaction as the change. */
export type TokenAudit = (
  // biome-ignore lint/suspicious/noExplicitAny: a transaction of the service's Kysely
  trx: Kysely<any>,
  entry: { actor: string; action: "token.create" | "token.rotate" | "token.revoke"; subject: string },
) => Promise<void>;

const CreateModerator = z.object({ name: ModeratorName });

/**
 * The owner's endpoints for moderators' tokens under `base` (e.g. `/v1/admin/comments/moderators`):
 * `POST base {name}` → 201 with the token (shown this once), `GET base` → the list, `POST base/:name/rotate`
 * → 201 with a new token, `DELETE base/:name` → 204 (revoked at once). A moderator's own token gets 403.
 */
export function moderatorRoutes(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: the service's Kysely
  db: Kysely<any>;
  store: ModeratorStore;
  base: string;
  audit?: TokenAudit;
}) {
  const { db, store, base } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  // A new token needs a name that reads as no reserved actor; revoking names one that exists, whatever it reads as.
  const nameParam = (raw: string, schema: z.ZodType<string> = ModeratorName) =>
    parseInput(z.object({ name: schema }), { name: raw }).name;

  app.get(base, async (c) => {
    requireOwner(c);
    return c.json({ moderators: await store.list() });
  });

  app.post(base, async (c) => {
    requireOwner(c);
    const { name } = parseInput(CreateModerator, (await readBody(c)).data);
    const created = await writeTransaction(db, async (trx) => {
      const made = await store.create(trx, name);
      await deps.audit?.(trx, { actor: actingModerator(c), action: "token.create", subject: name });
      return made;
    });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  app.post(`${base}/:name/rotate`, async (c) => {
    requireOwner(c);
    await readBody(c);
    const name = nameParam(c.req.param("name"));
    const created = await writeTransaction(db, async (trx) => {
      const made = await store.create(trx, name, { rotate: true });
      await deps.audit?.(trx, { actor: actingModerator(c), action: "token.rotate", subject: name });
      return made;
    });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  app.delete(`${base}/:name`, async (c) => {
    requireOwner(c);
    const name = nameParam(c.req.param("name"), ModeratorNameText);
    await writeTransaction(db, async (trx) => {
      const { changed } = await store.revoke(trx, name);
      if (changed) await deps.audit?.(trx, { actor: actingModerator(c), action: "token.revoke", subject: name });
    });
    return c.body(null, 204);
  });

  return app;
}
