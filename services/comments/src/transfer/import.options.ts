import type { CommentRow } from "../db/schema.ts";
import type { FormatName } from "./formats/index.ts";
import type { UriMapper } from "./uri-map.ts";

// What an import is asked to do and what it answers: the importer's, the file check's and the carry-over's
// shared words.

export interface ImportProgress {
  start(phase: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

export interface ImportOptions {
  format: FormatName;
  file: string;
  mapUri: UriMapper;
  /** Renders Markdown to the stored, sanitized HTML (the service's own renderer). */
  render: (markdown: string) => string;
  skipInvalid?: boolean;
  skipDeleted?: boolean;
  skipSpam?: boolean;
  /** --timezone: the IANA zone the file's zone-less times were written in (Waline on SQLite, WordPress without GMT). */
  timezone?: string;
  /** --dry-run: read and check everything, say what would land where, write nothing. */
  dryRun?: boolean;
  /** Rows per write transaction: small enough that the running service's writes wait only briefly. */
  chunkSize?: number;
  progress?: ImportProgress;
  now?: () => Date;
}

export interface ImportSummary {
  dryRun: boolean;
  read: number;
  imported: number;
  alreadyImported: number;
  skippedDeleted: number;
  skippedSpam: number;
  /** Comments left out on purpose, by reason: editorial notes, pingbacks, comments on private or deleted pages. */
  skipped: Record<string, number>;
  invalid: { at: string; reason: string }[];
  /** Malformations the reader recovered from (a stray character before the XML root, …). */
  warnings: { at: string; message: string }[];
  /** Replies whose parent is not in the file (or on another page): imported as top-level comments. */
  orphans: number;
  threads: number;
  /** How many of the source's pages land on each Parlor page, most first. */
  pages: { uri: string; sources: number }[];
  /** What lands (or, with dryRun, would land) on each page, by status; deleted comments counted apart. */
  landing: { uri: string; counts: Partial<Record<CommentRow["status"] | "deleted", number>> }[];
  /** Pages closed (or kept open) as the source had them, where no moderator here had decided yet. */
  threadStates: { closed: number; open: number };
  /** Readers the source blocked: blocked here by address, or listed when the source knows no address for them. */
  blocks: { added: number; notCarried: { who: string; at: string; reason: string }[] };
  notifyAddresses: number;
}
