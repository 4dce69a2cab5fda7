import { randomBytes } from "node:crypto";
import { Email, WebsiteUrl } from "@parlor/validation";
import { ulid } from "ulid";
import type { CommentRow } from "../db/schema.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";
import type { ImportRecord } from "./import.types.ts";
import type { UriMapper } from "./uri-map.ts";

export const MAX_IMPORTED_BODY = 100_000;
const ANONYMOUS = "Anonymous";

// ulid's default source asks the OS for randomness once per character; a pool of random bytes gives the same
// unpredictability at a fraction of the cost over 100,000 ids.
let pool = randomBytes(0);
let at = 0;
function pooledRandom(): number {
  if (at >= pool.length) {
    pool = randomBytes(4096);
    at = 0;
  }
  return pool[at++] / 256;
}

export interface Prepared {
  sourceId: string;
  row: CommentRow;
  parentSourceId: string | null;
}

/**
 * Checks one record and builds the row it becomes (parent still unresolved), or says what is wrong with it.
 * Soft problems are mended, not refused: an empty name becomes "Anonymous", a name past 100 characters is cut,
 * an email or website that is not valid is dropped. A record without a usable id, date, page or text is refused.
 */
export interface PrepareContext {
  threads: Map<string, string>;
  mapUri: UriMapper;
  render: (md: string) => string;
  /** Only check (the first pass): HTML is not converted, its text is only measured, no row is built. */
  checkOnly?: boolean;
}
type Refused = { ok: false; reason: string };

export function prepareRecord(
  r: ImportRecord,
  ctx: PrepareContext & { checkOnly: true },
): { ok: true; value: null } | Refused;
export function prepareRecord(r: ImportRecord, ctx: PrepareContext): { ok: true; value: Prepared } | Refused;
export function prepareRecord(r: ImportRecord, ctx: PrepareContext): { ok: true; value: Prepared | null } | Refused {
  if (r.sourceId.length > 200) return { ok: false, reason: "its id is longer than 200 characters" };
  const page = r.threadRef !== undefined ? ctx.threads.get(r.threadRef) : r.page;
  if (page === undefined) return { ok: false, reason: `its thread ${r.threadRef || "(none)"} is not in the file` };
  const uri = ctx.mapUri(page);
  if (uri === null || uri.length > 2048) return { ok: false, reason: `no page path in "${page.slice(0, 200)}"` };
  const created = Date.parse(r.createdAt);
  if (!r.createdAt || Number.isNaN(created)) return { ok: false, reason: `bad date "${r.createdAt}"` };
  const createdAt = new Date(created).toISOString();
  const markdown =
    "html" in r.body
      ? ctx.checkOnly
        ? r.body.html.replace(/<[^>]*>/g, "").trim()
        : htmlToMarkdown(r.body.html)
      : r.body.markdown.trim();
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
    id: p?.id ?? ulid(created, pooledRandom),
    uri,
    parent_id: null,
    status: r.status,
    author_name: name,
    author_email: !deleted && email?.success ? email.data : p && email?.success ? email.data : null,
    author_website: !deleted && website?.success ? website.data : p && website?.success ? website.data : null,
    is_moderator: p?.isModerator ? 1 : 0,
    body: deleted && !p ? "" : markdown,
    html: deleted ? "" : ctx.render(markdown),
    flags: p?.flags ?? "",
    flag_details: "[]",
    notify_replies: p?.notifyReplies ? 1 : 0,
    client_hash: p?.clientHash ?? null,
    edit_token_hash: null,
    created_at: createdAt,
    edited_at: p?.editedAt ?? null,
    deleted_at: deleted ? (p?.deletedAt ?? createdAt) : null,
    moderated_at: p?.moderatedAt ?? null,
  };
  return { ok: true, value: { sourceId: r.sourceId, row, parentSourceId: r.parentSourceId } };
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
