/** The contract's Comment, as `GET /v1/comments` returns it. */
export interface Comment {
  id: string;
  parentId: string | null;
  author: { name: string; website: string | null; isModerator: boolean };
  html: string;
  createdAt: string;
  editedAt: string | null;
  /** A moderator pinned it: its thread leads the first page. */
  pinned?: true;
  replies: Comment[];
  status?: "pending" | "approved";
}

export interface ThreadPage {
  uri: string;
  total: number;
  /** The page takes no new comments (a moderator closed it, or it closed by itself after a while). */
  closed?: boolean;
  comments: Comment[];
  nextCursor: string | null;
}

export interface Notice {
  kind: string;
  text: string;
  links: { label: string; href: string }[];
}

/** `201` of `POST /v1/comments`. */
export interface Created {
  comment: Comment & { status: "pending" | "approved" };
  editToken: string;
  editableUntil: string;
  notice?: Notice;
}

export type Sort = "oldest" | "newest";
