/**
 * A comment's text as the source kept it. Parlor's own Markdown is taken as it is; every other kind is converted
 * to Parlor's Markdown first (see markup.ts). None of it is trusted: the result is rendered and sanitized like a
 * posted comment.
 */
export type SourceBody =
  | { markdown: string }
  /** HTML as the source showed it (Disqus, Remark42's rendered text, WordPress after its autop). */
  | { html: string }
  /** Markdown that may hold inline HTML the source rendered (Isso, Waline); `breaks`: a single newline was a <br>. */
  | { sourceMarkdown: string; breaks: boolean };

/** One comment as a source file describes it, before it is checked and mapped to a row. */
export interface ImportRecord {
  sourceId: string;
  /** Where it is in the file, for messages: "line 12", "data.Comment[3]". */
  at: string;
  /** The page's address as the source gives it (a full URL or a path), or a reference to a thread record. */
  page?: string;
  threadRef?: string;
  /**
   * The page's own path when its address names it only by a query (`/?p=12` on a WordPress site with default
   * permalinks): the permalink the export knows (a canonical link, or the slug). The thread lands there.
   */
  permalink?: string;
  /** The page's title, when the file has one (for the --map-uris template). */
  pageTitle?: string;
  parentSourceId: string | null;
  /** As the file writes it: with a zone or offset, or zone-less (then --timezone says where it was local). */
  createdAt: string;
  /** When the author last edited it, where the source keeps that (Isso, Remark42). */
  editedAt?: string | null;
  author: { name: string; email?: string | null; website?: string | null; isModerator?: boolean };
  body: SourceBody;
  status: "approved" | "pending" | "rejected" | "spam";
  deleted: boolean;
  /** Our own format only: what the other formats have no word for, kept as it was. */
  parlor?: {
    id: string;
    isModerator: boolean;
    flags: string;
    notifyReplies: boolean;
    clientHash: string | null;
    editedAt: string | null;
    deletedAt: string | null;
    moderatedAt: string | null;
  };
}

export interface NotifyAddressRecord {
  email: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  createdAt: string;
}

/** A thread record (Disqus): its comments point to it by id. */
export interface ThreadRecord {
  id: string;
  page: string;
  at: string;
  title?: string;
  /** Disqus marks a thread deleted; its comments are not imported. */
  deleted?: boolean;
  closed?: boolean;
}

/** What a format reader yields, in file order. */
export type ReaderItem =
  | ({ kind: "thread" } & ThreadRecord)
  | { kind: "comment"; record: ImportRecord }
  | { kind: "notifyAddress"; record: NotifyAddressRecord; at: string }
  /** A comment deliberately left out (an editorial note, a comment on a private post): counted by reason. */
  | { kind: "skip"; at: string; reason: string }
  /** A page the source closed to new comments (or, `closed: false`, kept open against the site's setting). */
  | { kind: "pageState"; at: string; page: string; permalink?: string; closed: boolean; changedAt?: string | null }
  /**
   * A reader the source blocked; `email` null when the source knows no address for them (not carried over);
   * `until` when the block ends (Parlor's blocks do not: an ended one is not carried, a running one is, noted).
   */
  | { kind: "block"; at: string; email: string | null; who: string; note: string; until?: string | null }
  /** A malformation the reader recovered from (text before the XML root, control characters, …). */
  | { kind: "warning"; at: string; message: string }
  /** A record the reader could not make sense of (a missing id, say); the file itself is readable. */
  | { kind: "invalid"; at: string; reason: string };

/** Reads a file of one format; `progress` reports how far it got (bytes, or rows for a database). */
export type FormatReader = (path: string, progress: (done: number) => void) => AsyncGenerator<ReaderItem>;

/**
 * A file that cannot be read on (malformed JSON, XML broken past recovery, a cut-short file): always fatal,
 * nothing is imported. `at` is the position ("line 4, column 7", "comments row id 12"); the caller adds the file.
 */
export class ImportFileError extends Error {
  constructor(
    readonly at: string,
    readonly reason: string,
  ) {
    super(at ? `${at}: ${reason}` : reason);
  }
}
