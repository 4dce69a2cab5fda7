export interface ThreadState {
  closed: boolean;
  /** Why: a moderator closed it, AUTO_CLOSE_AFTER did, or it is open. */
  reason: "moderator" | "auto" | null;
  /** When AUTO_CLOSE_AFTER closes (or closed) it; null when the setting is off, a moderator decided, or nothing is published yet. */
  autoClosesAt: string | null;
}

/**
 * Whether a page takes new comments. A moderator's close or reopen wins; otherwise, with AUTO_CLOSE_AFTER set,
 * a thread closes that long after its first published comment (a page nobody has commented on stays open).
 */
export function threadState(
  override: number | null | undefined,
  firstPublishedAt: string | null,
  autoCloseAfterMs: number,
  now: Date,
): ThreadState {
  if (override === 1) return { closed: true, reason: "moderator", autoClosesAt: null };
  if (override === 0 || autoCloseAfterMs <= 0 || !firstPublishedAt) {
    return { closed: false, reason: null, autoClosesAt: null };
  }
  const at = Date.parse(firstPublishedAt) + autoCloseAfterMs;
  const closed = now.getTime() >= at;
  return { closed, reason: closed ? "auto" : null, autoClosesAt: new Date(at).toISOString() };
}
