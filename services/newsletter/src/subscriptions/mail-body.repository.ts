import type { Kysely } from "kysely";
import type { MailBodyTable, NewsletterDb } from "../db/schema.ts";

type Db = Kysely<NewsletterDb>;

/** A shared mail body by its name (a confirmation's), or undefined. */
export function findMailBody(db: Db, ref: string): Promise<Pick<MailBodyTable, "text" | "html"> | undefined> {
  return db.selectFrom("newsletter_mail_body").select(["text", "html"]).where("ref", "=", ref).executeTakeFirst();
}

/** Keeps a shared mail body unless one of that name is kept already (the name is a hash of the body). */
export async function keepMailBody(db: Db, body: MailBodyTable) {
  await db
    .insertInto("newsletter_mail_body")
    .values(body)
    .onConflict((oc) => oc.column("ref").doNothing())
    .execute();
}
