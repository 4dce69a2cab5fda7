import type { Kysely } from "kysely";

// The queries of named moderators' tokens, on the table the service names (`<service>_moderator`), so they are
// untyped: the service's schema declares the table, the kit does not know it.
// biome-ignore lint/suspicious/noExplicitAny: the table name is chosen by the service, so it is not in a typed schema
type Db = Kysely<any>;

export interface ModeratorTable {
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Creates the moderators table; call it from a service migration. */
export async function createModeratorTable(db: Db, table: string) {
  await db.schema
    .createTable(table)
    .addColumn("name", "varchar(100)", (c) => c.primaryKey())
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(32)")
    .addColumn("revoked_at", "varchar(32)")
    .execute();
}

export async function findModerator(db: Db, table: string, name: string): Promise<ModeratorTable | undefined> {
  return (await db.selectFrom(table).selectAll().where("name", "=", name).executeTakeFirst()) as
    | ModeratorTable
    | undefined;
}

/** The moderator whose live (not revoked) token has this hash. */
export async function findLiveModerator(db: Db, table: string, tokenHash: string): Promise<ModeratorTable | undefined> {
  return (await db
    .selectFrom(table)
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst()) as ModeratorTable | undefined;
}

export async function listModerators(db: Db, table: string): Promise<ModeratorTable[]> {
  return (await db.selectFrom(table).selectAll().orderBy("name").execute()) as ModeratorTable[];
}

export async function insertModerator(db: Db, table: string, row: ModeratorTable) {
  await db.insertInto(table).values(row).execute();
}

export async function updateModerator(db: Db, table: string, name: string, changes: Partial<ModeratorTable>) {
  await db.updateTable(table).set(changes).where("name", "=", name).execute();
}
