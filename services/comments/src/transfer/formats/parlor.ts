import type { FormatReader } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { PARLOR_FORMAT, type ParlorHeader, type ParlorLine } from "../parlor-format.ts";
import { readLines } from "../text-source.ts";

const STATUSES = new Set(["pending", "approved", "rejected", "spam"]);

// Our own export (see parlor-format.ts): ids, statuses and every stored field are kept as they were.
export const readParlor: FormatReader = async function* (path, progress) {
  for await (const { line, n } of readLines(path, progress)) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new ImportFileError(`line ${n}`, `not JSON: ${(e as Error).message}`);
    }
    const at = `line ${n}`;
    if (n === 1) {
      if ((value as ParlorHeader | null)?.format !== PARLOR_FORMAT) {
        throw new ImportFileError(at, `not a Parlor export (the first line must name the format "${PARLOR_FORMAT}")`);
      }
      continue;
    }
    const l = value as ParlorLine;
    if (l?.type === "thread") {
      // Counts are recomputed from the comments; a moderator's closing (or keeping open) is carried.
      if (typeof l.closed === "boolean" && typeof l.uri === "string") {
        yield { kind: "pageState", at, page: l.uri, closed: l.closed, changedAt: l.closedChangedAt ?? null };
      }
      continue;
    }
    if (l?.type === "notifyAddress") {
      if (
        typeof l.email !== "string" ||
        !l.email.includes("@") ||
        l.email.length > 320 ||
        typeof l.createdAt !== "string" ||
        Number.isNaN(Date.parse(l.createdAt))
      ) {
        yield { kind: "invalid", at, reason: "a notifyAddress line needs an email and a createdAt time" };
      } else {
        yield { kind: "notifyAddress", at, record: l };
      }
      continue;
    }
    if (l?.type !== "comment" || typeof l.id !== "string" || !l.id || !STATUSES.has(l.status) || !l.author) {
      yield { kind: "invalid", at, reason: "not a comment line (type, id, status and author are required)" };
      continue;
    }
    yield {
      kind: "comment",
      record: {
        sourceId: l.id,
        at,
        page: l.uri,
        parentSourceId: l.parentId,
        createdAt: l.createdAt,
        author: { name: l.author.name, email: l.author.email, website: l.author.website },
        body: { markdown: l.body ?? "" },
        status: l.status,
        deleted: l.deletedAt !== null && l.deletedAt !== undefined,
        parlor: {
          id: l.id,
          isModerator: l.author.isModerator === true,
          flags: Array.isArray(l.flags) ? l.flags.join(",") : "",
          notifyReplies: l.notifyReplies === true,
          clientHash: l.clientHash ?? null,
          editedAt: l.editedAt ?? null,
          deletedAt: l.deletedAt ?? null,
          moderatedAt: l.moderatedAt ?? null,
        },
      },
    };
  }
};
