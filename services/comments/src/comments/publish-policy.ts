import { Conflict } from "@parlor/kit";
import { emailKey } from "@parlor/validation";
import type { Kysely } from "kysely";
import { authorBlockKeys, blockedAuthor, blockedWords } from "../blocks/block.repository.ts";
import type { CommentsConfig } from "../config.ts";
import type { BlockKind, CommentRow, CommentsDb } from "../db/schema.ts";
import { findNotifyAddress } from "../notifications/notification.repository.ts";
import type { ScreenPolicy } from "../screen/screen.ts";
import { authorRecord, publishFacts } from "./comment.repository.ts";
import { threadState } from "./thread-state.ts";

/** 409: the contract's "a state change that cannot happen"; the thread exists, it just takes no new comments. */
export class ThreadClosed extends Conflict {
  constructor() {
    super("Comments on this page are closed: it takes no new comments.");
  }
}

export interface PolicyDeps {
  db: Kysely<CommentsDb>;
  config: CommentsConfig;
  clock: { now(): Date };
}

export interface Decision {
  status: CommentRow["status"];
  /** The screen's flags, plus `blocked` when a block list named the author. */
  flags: string[];
  /** Why it was published at once or filed, for the log. */
  reason: "blocked" | "honeypot" | "flagged" | "trusted" | "policy" | "held";
}

/**
 * What happens to a new comment, decided before it is written: is its page open, which words hold it, and which
 * status it gets. Kept apart from the write path so the rules read in one place.
 */
export function createPublishPolicy(deps: PolicyDeps) {
  const { db, config, clock } = deps;
  // The screen compiles a word list once per array; keep one array per distinct list so it is not recompiled.
  let words: { key: string; list: readonly string[] } = { key: "", list: config.BLOCKED_WORDS };

  /** BLOCKED_WORDS and the managed word list together; both hold a comment with the `blocked_word` flag. */
  async function screenPolicy(): Promise<ScreenPolicy> {
    return policyWith(await blockedWords(db));
  }

  function policyWith(managed: string[]): ScreenPolicy {
    const key = managed.sort().join("\n");
    if (key !== words.key) words = { key, list: [...config.BLOCKED_WORDS, ...managed] };
    return { maxLinks: config.MAX_LINKS, blockedWords: words.list };
  }

  /**
   * What a new comment's checks read, in one statement instead of three or four (a post's pre-checks were a
   * good part of its cost): whether the page is open (throws ThreadClosed when it is not), the screen
   * policy (screenPolicy) and which block list names the author (blockedAuthor, for `decide`).
   */
  async function prepare(input: { uri: string; email: string | null; clientHash: string }) {
    const { mailbox, domains } = authorBlockKeys(input.email);
    const rows = await publishFacts(db, {
      uri: input.uri,
      email: mailbox,
      domains,
      clientHash: input.clientHash,
      firstPublished: config.AUTO_CLOSE_AFTER > 0,
    });
    let override: number | null = null;
    let first: string | null = null;
    let blocked: BlockKind | null = null;
    const managed: string[] = [];
    for (const row of rows) {
      if (row.kind === "thread") override = row.closed === null ? null : Number(row.closed);
      else if (row.kind === "first") first = row.value;
      else if (row.kind === "word") managed.push(row.value ?? "");
      else blocked ??= row.kind as BlockKind;
    }
    if (threadState(override, first, config.AUTO_CLOSE_AFTER, clock.now()).closed) throw new ThreadClosed();
    return { screen: policyWith(managed), blocked };
  }

  /**
   * A blocked author or a honeypot hit goes to spam (answered like success, no email); anything the screen flagged
   * waits; a trusted commenter's clean comment is published under MODERATION=all; the rest follows MODERATION.
   */
  async function decide(input: {
    email: string | null;
    clientHash: string;
    flags: string[];
    /** What `prepare` found; read here when not given. */
    blocked?: BlockKind | null;
  }): Promise<Decision> {
    const blocked =
      input.blocked !== undefined
        ? input.blocked
        : await blockedAuthor(db, { email: input.email, clientHash: input.clientHash });
    if (blocked) {
      return { status: "spam", flags: [...input.flags, "blocked"], reason: "blocked" };
    }
    if (input.flags.includes("honeypot")) return { status: "spam", flags: input.flags, reason: "honeypot" };
    if (input.flags.length > 0) return { status: "pending", flags: input.flags, reason: "flagged" };
    if (config.MODERATION === "flagged") return { status: "approved", flags: input.flags, reason: "policy" };
    if (config.TRUSTED_AFTER > 0 && input.email && (await isTrusted(input.email))) {
      return { status: "approved", flags: input.flags, reason: "trusted" };
    }
    return { status: "pending", flags: input.flags, reason: "held" };
  }

  /**
   * A confirmed address (it clicked the link mailed to it, so its owner reads it) with TRUSTED_AFTER approved
   * comments and none rejected or marked spam. The form does not prove who typed the address, so a moderator's
   * reject or spam on any of its comments ends the trust at once.
   */
  async function isTrusted(email: string): Promise<boolean> {
    const key = emailKey(email);
    const confirmed = await findNotifyAddress(db, key);
    if (!confirmed?.confirmed_at) return false;
    const row = await authorRecord(db, key);
    return Number(row?.approved ?? 0) >= config.TRUSTED_AFTER && Number(row?.refused ?? 0) === 0;
  }

  return { screenPolicy, prepare, decide };
}
export type PublishPolicy = ReturnType<typeof createPublishPolicy>;
