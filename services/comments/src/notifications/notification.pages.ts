import type { MessagePage } from "@parlor/kit/pages";

const ACTOR: Record<string, string> = {
  owner: "the site's owner",
  "email-link": "a moderator, through an email link",
  reader: "its author",
  retention: "the retention job",
  system: "Parlor",
  cli: "an operator, on the command line",
};
const STATUS: Record<string, string> = {
  approved: "approved",
  rejected: "rejected",
  spam: "marked as spam",
  pending: "sent back to the queue",
  deleted: "deleted",
};

/**
 * The page of a moderation link whose comment is no longer waiting: nothing was changed, and who decided when
 * (from the audit log; a comment published at once by the site's policy has no such entry).
 */
export function alreadyDecided(state: { status: string; by: string | null; at: string | null }): MessagePage {
  const what = STATUS[state.status] ?? state.status;
  const who = state.by ? ` by ${ACTOR[state.by] ?? state.by}` : "";
  const when = state.at ? ` on ${state.at.slice(0, 16).replace("T", " ")} UTC` : "";
  return {
    title: "Already decided",
    message: `Nothing was changed: this comment was already ${what}${who}${when}.`,
  };
}
