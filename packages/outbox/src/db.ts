import type { ExpressionBuilder, Kysely } from "kysely";

// The service names the outbox table at run time (`comment_outbox`), so queries cannot be typed by table.
// Any Kysely is accepted: a service's typed instance, or a transaction of it.
// biome-ignore lint/suspicious/noExplicitAny: the table is only known at run time
export type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type AnyExpressionBuilder = ExpressionBuilder<any, any>;
