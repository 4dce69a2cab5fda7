import { idAt } from "@parlor/kit";
import { Email, WebsiteUrl } from "@parlor/validation";
import type { CommentRow } from "../db/schema.ts";
import { ImportFileError, type ImportRecord } from "./import.types.ts";
import { roughText, toParlorMarkdown } from "./markup.ts";
import { queryIdentity, type SourcePage } from "./page-identity.ts";
import { sourceTime } from "./time.ts";
import type { UriMapper } from "./uri-map.ts";

export const MAX_IMPORTED_BODY = 100_000;
const ANONYMOUS = "Anonymous";

export interface Prepared {
  sourceId: string;
  row: CommentRow;
  parentSourceId: string | null;
}

/**
 * A zone-less time and no --timezone: the instant cannot be known, and guessing the importing machine's zone would
 * shift every comment by hours on some machines. Fatal, with or without --skip-invalid.
 */
export class TimeZoneNeeded extends ImportFileError {
  constructor(at: string, value: string) {
    super(
      at,
      `the time "${value}" has no time zone; give the zone it was written in with --timezone <IANA name> (e.g. --timezone Europe/Berlin), as the source's server was set`,
    );
  }
}

export interface PrepareContext {
  threads: Map<string, { page: string; title?: string }>;
  mapUri: UriMapper;
  render: (md: string) => string;
  /** --timezone: where the file's zone-less times were local. */
  zone?: string;
  /** Only check (the first pass): HTML is not converted, its text is only measured, no row is built. */
  checkOnly?: boolean;
}
type Refused = { ok: false; reason: string };

/** The Parlor page a record lands on, and its source page as the page tally counts it. */
export function placeRecord(
  r: Pick<ImportRecord, "threadRef" | "page" | "permalink" | "pageTitle">,
  ctx: Pick<PrepareContext, "threads" | "mapUri">,
): { uri: string; source: SourcePage } | Refused {
  const thread = r.threadRef !== undefined ? ctx.threads.get(r.threadRef) : undefined;
  const page = r.threadRef !== undefined ? thread?.page : r.page;
  if (page === undefined) return { ok: false, reason: `its thread ${r.threadRef || "(none)"} is not in the file` };
  const placed = ctx.mapUri(page, r.permalink);
  if (placed === null || placed.uri.length > 2048)
    return { ok: false, reason: `no page path in "${page.slice(0, 200)}"` };
  const lost = placed.fromMap || r.permalink ? "" : queryIdentity(page);
  return { uri: placed.uri, source: { address: page.trim(), title: r.pageTitle ?? thread?.title, lost } };
}

/**
 * Checks one record and builds the row it becomes (parent still unresolved), or says what is wrong with it.
 * Soft problems are mended, not refused: an empty name becomes "Anonymous", a name past 100 characters is cut,
 * an email or website that is not valid is dropped, an edit time before the comment's own is dropped. A record
 * without a usable id, date, page or text is refused. A zone-less time without --timezone throws TimeZoneNeeded.
 */
export function prepareRecord(
  r: ImportRecord,
  ctx: PrepareContext & { checkOnly: true },
): { ok: true; value: null } | Refused;
export function prepareRecord(r: ImportRecord, ctx: PrepareContext): { ok: true; value: Prepared } | Refused;
export function prepareRecord(r: ImportRecord, ctx: PrepareContext): { ok: true; value: Prepared | null } | Refused {
  if (r.sourceId.length > 200) return { ok: false, reason: "its id is longer than 200 characters" };
  const placed = placeRecord(r, ctx);
  if ("ok" in placed) return placed;
  const { uri } = placed;
  const createdAt = instant(r.createdAt, r.at, ctx.zone);
  if (createdAt === null) return { ok: false, reason: `bad date "${r.createdAt}"` };
  const created = Date.parse(createdAt);
  const edited = r.editedAt ? instant(r.editedAt, r.at, ctx.zone) : null;
  const markdown = ctx.checkOnly ? roughText(r.body) : toParlorMarkdown(r.body);
  const deleted = r.deleted || r.parlor?.deletedAt != null;
  if (!deleted && markdown === "") return { ok: false, reason: "its text is empty" };
  if (markdown.length > MAX_IMPORTED_BODY)
    return { ok: false, reason: `its text is over ${MAX_IMPORTED_BODY} characters` };
  const name =
    r.author.name
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .trim()
      .slice(0, 100) || ANONYMOUS;
  const email = r.author.email ? Email.safeParse(r.author.email) : null;
  const website = r.author.website ? WebsiteUrl.safeParse(r.author.website) : null;
  const p = r.parlor;
  if (p) {
    const problem = parlorProblem(p);
    if (problem) return { ok: false, reason: problem };
  }
  if (ctx.checkOnly) return { ok: true, value: null };
  const row: CommentRow = {
    id: p?.id ?? idAt(created),
    uri,
    parent_id: null,
    status: r.status,
    author_name: name,
    author_email: !deleted && email?.success ? email.data : p && email?.success ? email.data : null,
    author_website: !deleted && website?.success ? website.data : p && website?.success ? website.data : null,
    is_moderator: p?.isModerator || (r.author.isModerator && !p) ? 1 : 0,
    body: deleted && !p ? "" : markdown,
    html: deleted ? "" : ctx.render(markdown),
    flags: p?.flags ?? "",
    flag_details: "[]",
    notify_replies: p?.notifyReplies ? 1 : 0,
    client_hash: p?.clientHash ?? null,
    edit_token_hash: null,
    created_at: createdAt,
    edited_at: p ? p.editedAt : edited !== null && edited > createdAt ? edited : null,
    deleted_at: deleted ? (p?.deletedAt ?? createdAt) : null,
    moderated_at: p?.moderatedAt ?? null,
    pinned_at: null,
  };
  return { ok: true, value: { sourceId: r.sourceId, row, parentSourceId: r.parentSourceId } };
}

/** A source time as ISO 8601 UTC; null when it is not a time; TimeZoneNeeded when it has no zone and none was given. */
function instant(text: string, at: string, zone: string | undefined): string | null {
  if (!text) return null;
  const t = sourceTime(text, zone);
  if ("zoneLess" in t) throw new TimeZoneNeeded(at, text);
  return "instant" in t ? t.instant : null;
}

const isTime = (v: string | null) =>
  v === null || (typeof v === "string" && v.length <= 32 && !Number.isNaN(Date.parse(v)));

/** What our own format carries beyond the others, checked against the columns it lands in. */
function parlorProblem(p: NonNullable<ImportRecord["parlor"]>): string | null {
  if (!/^[0-9A-Za-z_-]{1,32}$/.test(p.id)) return "its id is not a Parlor comment id";
  if (p.flags.length > 200) return "its flags are longer than 200 characters";
  if (p.clientHash !== null && (typeof p.clientHash !== "string" || p.clientHash.length > 64)) {
    return "its clientHash is not a hash";
  }
  for (const [name, value] of Object.entries({
    editedAt: p.editedAt,
    deletedAt: p.deletedAt,
    moderatedAt: p.moderatedAt,
  })) {
    if (!isTime(value)) return `bad ${name} "${String(value).slice(0, 40)}"`;
  }
  return null;
}
