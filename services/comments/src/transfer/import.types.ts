/** One comment as a source file describes it, before it is checked and mapped to a row. */
export interface ImportRecord {
  sourceId: string;
  /** Where it is in the file, for messages: "line 12", "data.Comment[3]". */
  at: string;
  /** The page's address as the source gives it (a full URL or a path), or a reference to a thread record. */
  page?: string;
  threadRef?: string;
  parentSourceId: string | null;
  createdAt: string;
  author: { name: string; email?: string | null; website?: string | null };
  /** Markdown is taken as Markdown; HTML is converted to Markdown first. Neither is trusted. */
  body: { markdown: string } | { html: string };
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

/** What a format reader yields, in file order. */
export type ReaderItem =
  | { kind: "thread"; id: string; page: string; at: string }
  | { kind: "comment"; record: ImportRecord }
  | { kind: "notifyAddress"; record: NotifyAddressRecord; at: string }
  /** A record the reader could not make sense of (a missing id, say); the file itself is well-formed. */
  | { kind: "invalid"; at: string; reason: string };

/** Reads a file of one format; `onBytes` reports how far it got (bytes, or rows for a database). */
export type FormatReader = (path: string, progress: (done: number) => void) => AsyncGenerator<ReaderItem>;

/** A file that cannot be read on (malformed XML or JSON): always fatal, nothing is imported. */
export class ImportFileError extends Error {
  constructor(at: string, reason: string) {
    super(`${at}: ${reason}`);
  }
}
