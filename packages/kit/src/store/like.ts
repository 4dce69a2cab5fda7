import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";

/**
 * Text that a LIKE pattern matches as typed: `%`, `_` and the escape character `!` are escaped with `!`. Add the
 * wildcards around it yourself, and compare with `likePattern` (which says `ESCAPE '!'`, the same on SQLite and
 * PostgreSQL; `!` needs no quoting in either, unlike a backslash).
 *
 *   db.selectFrom("comment").where((eb) => likePattern(eb.ref("uri"), `${likeLiteral(prefix)}%`))
 */
export function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/** `expression LIKE pattern ESCAPE '!'`, for a pattern built with likeLiteral. Case-sensitive on PostgreSQL. */
export function likePattern(
  expression: Expression<unknown> | RawBuilder<unknown>,
  pattern: string,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`${expression} like ${pattern} escape '!'`;
}
