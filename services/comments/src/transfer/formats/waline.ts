import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parser } from "stream-json";
import pick from "stream-json/filters/pick.js";
import streamArray from "stream-json/streamers/stream-array.js";
import verifier from "stream-json/utils/verifier.js";
import type { FormatReader, ImportRecord, ReaderItem } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { readTextChunks } from "../text-source.ts";

type WalineTime = string | { iso?: string } | undefined;

interface WalineComment {
  objectId?: string | number;
  pid?: string | number | null;
  user_id?: string | number | null;
  nick?: string;
  mail?: string;
  link?: string;
  url?: string;
  comment?: string;
  status?: string;
  insertedAt?: WalineTime;
  createdAt?: WalineTime;
}

interface WalineUser {
  objectId?: string | number;
  display_name?: string;
  email?: string;
  url?: string;
  type?: string;
}

const STATUS: Record<string, ImportRecord["status"]> = { approved: "approved", waiting: "pending", spam: "spam" };
// LeanCloud writes {"__type": "Date", "iso": "…Z"}; MySQL and PostgreSQL an ISO time in UTC; SQLite the server's
// local wall-clock time with no zone ("2024-03-12 18:00:00"): that one needs --timezone.
const when = (v: WalineTime) => (typeof v === "string" ? v : (v?.iso ?? ""));

// Waline's JSON export (the admin's Export button): {"type": "waline", "data": {"Comment": [...], "Counter": [...],
// "Users": [...]}}. Read in two streams (stream-json), one element at a time, so a large export never sits in
// memory whole: first data.Users, then data.Comment. A signed-in reader's comment names its user (user_id), and
// Waline shows that user's display name, address and website in place of the comment's own (often empty) ones;
// so does the import. `comment` is Markdown with inline HTML, rendered with a <br> at every newline.
export const readWaline: FormatReader = async function* (path, progress) {
  const users = new Map<string, WalineUser>();
  for await (const { value } of elements(path, "data.Users", () => {})) {
    const u = value as WalineUser;
    if (u && typeof u === "object" && u.objectId !== undefined) users.set(String(u.objectId), u);
  }
  for await (const { key, value } of elements(path, "data.Comment", progress)) {
    yield comment(`data.Comment[${key}]`, value as WalineComment, users);
  }
};

function comment(at: string, value: WalineComment, users: Map<string, WalineUser>): ReaderItem {
  if (!value || typeof value !== "object" || value.objectId === undefined || value.objectId === "") {
    return { kind: "invalid", at, reason: "a comment without an objectId" };
  }
  const user = value.user_id !== undefined && value.user_id !== null ? users.get(String(value.user_id)) : undefined;
  return {
    kind: "comment",
    record: {
      sourceId: String(value.objectId),
      at,
      page: value.url ?? "",
      parentSourceId: value.pid === undefined || value.pid === null || value.pid === "" ? null : String(value.pid),
      createdAt: when(value.insertedAt) || when(value.createdAt),
      author: {
        name: user?.display_name || value.nick || "",
        email: (user ? user.email : value.mail) || null,
        website: withScheme((user ? user.url : value.link) ?? ""),
        isModerator: user?.type === "administrator",
      },
      body: { sourceMarkdown: value.comment ?? "", breaks: true },
      status: STATUS[value.status ?? "approved"] ?? "pending",
      deleted: false,
    },
  };
}

/** Waline's widget links a website typed without a scheme as https (`example.com` → `https://example.com`). */
function withScheme(link: string): string | null {
  const l = link.trim();
  if (!l) return null;
  if (/^https?:\/\//i.test(l)) return l;
  return l.startsWith("//") ? `https:${l}` : `https://${l}`;
}

/** The elements of one array in the export; malformed JSON fails with the line and column the verifier finds. */
async function* elements(path: string, filter: string, progress: (bytes: number) => void) {
  const items = streamArray.asStream();
  const parsing = pipeline(
    Readable.from(readTextChunks(path, progress)),
    parser.asStream(),
    pick.asStream({ filter }),
    items,
  );
  parsing.catch(() => {}); // awaited below; this only keeps it from being reported as unhandled meanwhile
  try {
    yield* items as AsyncIterable<{ key: number; value: unknown }>;
    await parsing;
  } catch (e) {
    throw await whereJsonBreaks(path, e as Error);
  }
}

/** The position of the first JSON error in the file (stream-json's verifier counts lines and columns). */
async function whereJsonBreaks(path: string, cause: Error): Promise<ImportFileError> {
  try {
    await pipeline(Readable.from(readTextChunks(path, () => {})), verifier.asStream());
  } catch (e) {
    const v = e as Error & { line?: number; pos?: number };
    if (v.line !== undefined) {
      const reason = v.message.replace(/^ERROR at \d+ \(\d+, \d+\): (Verifier )?/, "");
      return new ImportFileError(`line ${v.line}, column ${v.pos}`, `not valid JSON: ${reason}`);
    }
  }
  return new ImportFileError("", `not valid JSON: ${cause.message}`);
}
