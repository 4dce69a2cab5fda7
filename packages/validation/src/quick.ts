import { isEmailAddress } from "./address.ts";
import type { NewComment } from "./comment.ts";
import { normalizePageUri } from "./page-uri.ts";
import { isCleanText } from "./text.ts";
import { hasVisibleText } from "./visible.ts";

const NEW_COMMENT_KEYS = new Set(["uri", "parentId", "author", "body", "notifyReplies", "homepage", "pageTitle"]);
const AUTHOR_KEYS = new Set(["name", "email", "website"]);
const ID = /^[0-9A-Za-z_-]{1,64}$/;
const URI_SPACE = /[\u0000-\u001f\u007f\s]/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The value `NewComment.safeParse(data)` gives, for a post of the usual shape, without zod: a comment whose every
 * field is present and valid as sent (or absent), with nothing to strip. Null whenever it is not sure: a field
 * missing or refused, an empty optional field, an unknown key; the schema then decides, with its field errors.
 * The schema stays the contract (the OpenAPI document is made from it); `quick.test.ts` holds the two to the same
 * value, key for key, over every combination of the fields' hard cases. A hot path (a comment post's fast lane)
 * checks with this first: zod's parse of a post was 4-5 % of its CPU.
 */
export function quickNewComment(data: unknown): NewComment | null {
  if (!isPlainObject(data)) return null;
  for (const key in data) if (!NEW_COMMENT_KEYS.has(key)) return null;
  const { uri, parentId, author, body, notifyReplies, pageTitle } = data;
  // PageUri: at most 2,048 characters, no space or control character once trimmed, a path once normalised.
  if (typeof uri !== "string" || uri.length > 2048 || URI_SPACE.test(uri.trim())) return null;
  const path = normalizePageUri(uri);
  if (path === null) return null;
  // optional(Id): absent, or an id as sent ("" and spaces would become undefined: the schema's case).
  if (parentId !== undefined && (typeof parentId !== "string" || !ID.test(parentId))) return null;
  if (!isPlainObject(author)) return null;
  for (const key in author) if (!AUTHOR_KEYS.has(key)) return null;
  // DisplayName: trimmed, 1-100 characters, clean, something visible.
  if (typeof author.name !== "string") return null;
  const name = author.name.trim();
  if (name.length < 1 || name.length > 100 || !isCleanText(name) || !hasVisibleText(name)) return null;
  const email = optionalText(author.email, "email" in author);
  if (email === null || (email !== undefined && !isEmailAddress(email))) return null;
  const website = optionalText(author.website, "website" in author);
  if (website === null || (website !== undefined && (website.length > 2048 || !isWebsite(website)))) return null;
  // MarkdownBody: trimmed, 1-10,000 characters, clean (newlines and tabs allowed), something visible.
  if (typeof body !== "string") return null;
  const text = body.trim();
  if (text.length < 1 || text.length > 10_000 || !isCleanText(text, true) || !hasVisibleText(text)) return null;
  if (notifyReplies !== undefined && typeof notifyReplies !== "boolean") return null;
  // optional(PageTitle): trimmed, at most 200 characters, clean.
  const title = optionalText(pageTitle, "pageTitle" in data);
  if (title === null || (title !== undefined && (title.length > 200 || !isCleanText(title)))) return null;

  const out: Record<string, unknown> = { uri: path };
  if ("parentId" in data) out.parentId = parentId;
  const who: Record<string, unknown> = { name };
  if ("email" in author) who.email = email;
  if ("website" in author) who.website = website;
  out.author = who;
  out.body = text;
  if ("notifyReplies" in data) out.notifyReplies = notifyReplies;
  if ("homepage" in data) out.homepage = data.homepage;
  if ("pageTitle" in data) out.pageTitle = title;
  return out as NewComment;
}

/**
 * An optional text field: undefined when absent (or sent as undefined), the trimmed text when present, null when it
 * is anything the schema would turn or refuse (not a string, or empty once trimmed: optional() makes that absent).
 */
function optionalText(value: unknown, present: boolean): string | undefined | null {
  if (!present || value === undefined) return undefined;
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** WebsiteUrl's rule: an http: or https: URL with a host. */
function isWebsite(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}
