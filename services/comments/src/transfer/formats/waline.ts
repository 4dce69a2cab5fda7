import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parser } from "stream-json";
import pick from "stream-json/filters/pick.js";
import streamArray from "stream-json/streamers/stream-array.js";
import type { FormatReader, ImportRecord, ReaderItem } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { readTextChunks } from "../text-source.ts";

interface WalineComment {
  objectId?: string | number;
  pid?: string | number | null;
  nick?: string;
  mail?: string;
  link?: string;
  url?: string;
  comment?: string;
  status?: string;
  insertedAt?: string | { iso?: string };
  createdAt?: string | { iso?: string };
}

const STATUS: Record<string, ImportRecord["status"]> = { approved: "approved", waiting: "pending", spam: "spam" };
const when = (v: WalineComment["insertedAt"]) => (typeof v === "string" ? v : (v?.iso ?? ""));

// Waline's JSON export: {"type": "waline", "data": {"Comment": [...], "Counter": [...], "Users": [...]}}. Only
// data.Comment is assembled, one element at a time (stream-json), so a large export never sits in memory whole.
// `comment` holds the Markdown the reader typed.
export const readWaline: FormatReader = async function* (path, progress) {
  const items = streamArray.asStream();
  const parsing = pipeline(
    Readable.from(readTextChunks(path, progress)),
    parser.asStream(),
    pick.asStream({ filter: "data.Comment" }),
    items,
  );
  parsing.catch(() => {}); // awaited below; this only keeps it from being reported as unhandled meanwhile
  try {
    yield* comments(items);
    await parsing;
  } catch (e) {
    throw e instanceof ImportFileError ? e : new ImportFileError(path, `not valid JSON: ${(e as Error).message}`);
  }
};

async function* comments(items: AsyncIterable<unknown>): AsyncGenerator<ReaderItem> {
  for await (const { key, value } of items as AsyncIterable<{ key: number; value: WalineComment }>) {
    const at = `data.Comment[${key}]`;
    if (!value || typeof value !== "object" || value.objectId === undefined || value.objectId === "") {
      yield { kind: "invalid", at, reason: "a comment without an objectId" };
      continue;
    }
    yield {
      kind: "comment",
      record: {
        sourceId: String(value.objectId),
        at,
        page: value.url ?? "",
        parentSourceId: value.pid === undefined || value.pid === null || value.pid === "" ? null : String(value.pid),
        createdAt: when(value.insertedAt) || when(value.createdAt),
        author: { name: value.nick ?? "", email: value.mail ?? null, website: value.link ?? null },
        body: { markdown: value.comment ?? "" },
        status: STATUS[value.status ?? "approved"] ?? "pending",
        deleted: false,
      },
    };
  }
}
