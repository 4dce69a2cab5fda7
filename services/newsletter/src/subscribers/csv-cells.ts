/** The columns of the subscriber CSV, in order (export writes them, import reads any subset that has `email`). */
export const CSV_COLUMNS = [
  "email",
  "name",
  "status",
  "source",
  "createdAt",
  "confirmedAt",
  "unsubscribedAt",
  "flags",
  "reason",
  /** The topics the subscriber chose (slugs, space-separated); empty: every topic, including topics added later. */
  "topics",
] as const;

// A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheets (CSV injection): a name like
// =HYPERLINK(…) would become a link in the moderator's spreadsheet. Such cells, and cells already starting with
// the quote, get a leading ' that import takes off again, so a round trip keeps every value exactly.
const RISKY = /^[=+\-@\t\r']/;

export function escapeCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return RISKY.test(value) ? `'${value}` : value;
}

export function unescapeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}
