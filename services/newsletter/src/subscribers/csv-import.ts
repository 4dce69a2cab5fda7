import { InvalidInput, idAt } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import { DisplayName, emailKey, SignupSource, SubscriberEmail, SubscriberStatus, TopicSlugs } from "@parlor/validation";
import { type CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import type { SubscriberRow } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { addSubscriberTopics, allTopics } from "../topics/topic.repository.ts";
import { addressHash } from "./address.ts";
import { unescapeCell } from "./csv-cells.ts";
import { addConsents, insertSubscribers, knownKeys } from "./subscriber.repository.ts";
import { suppressAll, suppressedAmong } from "./suppression.repository.ts";

const CHUNK = 500;
const Time = z.iso.datetime({ offset: true, error: "must be an ISO-8601 time" });
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());

const ImportRow = z.object({
  email: SubscriberEmail,
  name: opt(DisplayName),
  status: opt(SubscriberStatus),
  source: opt(SignupSource),
  createdAt: opt(Time),
  confirmedAt: opt(Time),
  unsubscribedAt: opt(Time),
  flags: opt(
    z
      .string()
      .max(200)
      .regex(/^[a-z_,]*$/, "must be comma-separated flag names"),
  ),
  reason: opt(z.string().max(1000)),
  consentText: opt(z.string().max(1000)),
  /** Slugs separated by spaces or commas; empty: every topic. */
  topics: opt(
    z
      .string()
      .max(4000)
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .pipe(TopicSlugs),
  ),
});
type ImportRow = z.infer<typeof ImportRow>;

export interface ImportReport {
  added: number;
  skipped: number;
  invalid: { line: number; reason: string }[];
  /** Rows marked active without a confirmation time: imported as `pending` and not mailed. */
  unconfirmed: number;
}

/**
 * Imports subscribers from CSV (a header line naming the columns; `email` required; any of the export's other
 * columns, plus `consentText`). Every row is validated first; valid rows are then written in chunks, each in one
 * transaction. The rules that keep an import from mailing anyone who did not agree:
 * - an address already known, on the suppression list, or seen earlier in the file is skipped: an import never
 *   changes (so never re-activates) anyone;
 * - `active` needs consent proof (`confirmedAt`); without it the row comes in as `pending` and gets no email;
 * - nothing is mailed by an import.
 */
export async function importCsv(deps: ServiceDeps, text: string): Promise<ImportReport> {
  const report: ImportReport = { added: 0, skipped: 0, invalid: [], unconfirmed: 0 };
  const rows: { line: number; row: ImportRow }[] = [];
  const topics = new Map((await allTopics(deps.db)).map((t) => [t.slug, t.id]));
  for (const { line, record } of readRecords(text)) {
    const parsed = ImportRow.safeParse(
      Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unescapeCell(v)])),
    );
    const unknown = parsed.success ? (parsed.data.topics ?? []).filter((slug) => !topics.has(slug)) : [];
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      report.invalid.push({ line, reason: `${issue.path.join(".") || "row"}: ${issue.message}` });
    } else if (unknown.length > 0) {
      report.invalid.push({ line, reason: `topics: must name existing topics; unknown: ${unknown.join(", ")}` });
    } else {
      // Every topic named: every topic, including topics added later (as at signup).
      if (parsed.data.topics?.length === topics.size) parsed.data.topics = [];
      rows.push({ line, row: parsed.data });
    }
  }
  const seen = new Set<string>();
  const fresh = rows.filter(({ row }) => {
    const key = emailKey(row.email);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  report.skipped += rows.length - fresh.length;
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const chunk = fresh.slice(i, i + CHUNK);
    const result = await writeTransaction(deps.db, (trx) =>
      writeChunk(
        { ...deps, db: trx },
        chunk.map((c) => c.row),
        topics,
      ),
    );
    report.added += result.added;
    report.skipped += result.skipped;
    report.unconfirmed += result.unconfirmed;
  }
  deps.events.emit("subscribers.imported", { ...report, invalid: report.invalid.length });
  return report;
}

/**
 * One chunk, in a few statements whatever its size: one look-up of the addresses already known and one of the
 * suppressed ones, one insert of the new subscribers (answering the ids it really inserted: a signup that
 * committed in between keeps its row), then one insert each for their consent records and bounced suppressions.
 */
async function writeChunk(deps: ServiceDeps, rows: ImportRow[], topics: Map<string, string>) {
  const { db, clock, secrets } = deps;
  const now = clock.now().toISOString();
  const keyed = rows.map((row) => {
    const key = emailKey(row.email);
    return { row, key, hash: addressHash(secrets.suppressionKey, key) };
  });
  const known = await knownKeys(
    db,
    keyed.map((k) => k.key),
  );
  const suppressed = await suppressedAmong(
    db,
    keyed.map((k) => k.hash),
  );
  let unconfirmed = 0;
  const records: { record: SubscriberRow; hash: string; consentText: string | undefined; topics: string[] }[] = [];
  for (const { row, key, hash } of keyed) {
    if (known.has(key) || suppressed.has(hash)) continue;
    let status = row.status ?? (row.confirmedAt ? "active" : "pending");
    if (status === "active" && !row.confirmedAt) {
      status = "pending";
      unconfirmed++;
    }
    const createdAt = row.createdAt ? new Date(row.createdAt).toISOString() : now;
    const record: SubscriberRow = {
      locale: null,
      id: idAt(Date.parse(createdAt)),
      email: row.email,
      email_key: key,
      name: row.name ?? null,
      status,
      source: row.source ?? null,
      flags: row.flags ?? "",
      reason: row.reason ?? null,
      client_hash: null,
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: createdAt,
      updated_at: now,
      confirmed_at: row.confirmedAt ? new Date(row.confirmedAt).toISOString() : null,
      unsubscribed_at: row.unsubscribedAt ? new Date(row.unsubscribedAt).toISOString() : null,
    };
    records.push({ record, hash, consentText: row.consentText, topics: [...(row.topics ?? [])].sort() });
  }
  if (records.length === 0) return { added: 0, skipped: rows.length, unconfirmed };
  const inserted = await insertSubscribers(
    db,
    records.map((r) => r.record),
  );
  const added = records.filter((r) => inserted.has(r.record.id));
  await addSubscriberTopics(
    db,
    added.flatMap((r) =>
      r.topics.map((slug) => ({ subscriber_id: r.record.id, topic_id: topics.get(slug) as string })),
    ),
  );
  const bounced = added.filter((r) => r.record.status === "bounced").map((r) => r.hash);
  if (bounced.length > 0) await suppressAll(db, bounced, "bounce", now);
  const consents = added.filter((r) => r.record.confirmed_at !== null);
  if (consents.length > 0) {
    await addConsents(
      db,
      consents.map(({ record, consentText, topics }) => ({
        subscriber_id: record.id,
        kind: "import" as const,
        consent_text: consentText ?? `(imported: confirmed at ${record.confirmed_at}; the wording was not imported)`,
        source: record.source,
        client_address: null,
        created_at: record.confirmed_at as string,
        topics: topics.length > 0 ? topics.join(" ") : null,
      })),
    );
  }
  return { added: added.length, skipped: rows.length - added.length, unconfirmed };
}

function* readRecords(text: string): Generator<{ line: number; record: Record<string, string> }> {
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      max_record_size: 64 * 1024,
    }) as typeof parsed;
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    throw new InvalidInput(
      [{ path: "(body)", message: `line ${e.lines ?? "?"}: ${e.message}` }],
      "The CSV could not be read.",
    );
  }
  if (parsed.length > 0 && !("email" in parsed[0].record)) {
    throw new InvalidInput([{ path: "(body)", message: "the first line must name the columns, including email" }]);
  }
  for (const { record, info } of parsed) yield { line: info.lines, record };
}
