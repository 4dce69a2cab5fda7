import { READER_LINK_TTL_HOURS } from "@parlor/kit/rights";
import type { MailSample } from "@parlor/mail";
import type { CommentRow } from "../db/schema.ts";
import { readerRequestMail } from "../readers/reader.mail.ts";
import { confirmNotifyMail, heldCommentMail, replyMail } from "./notification.mail.ts";

const SITE = "Dr. Kim's Health Blog";
const ORIGIN = "https://blog.example.com";
// Links carry a signed token in real mail; a fixed stand-in keeps the samples the same on every run.
const token = (what: string) => `sample-${what}-token`;

function comment(overrides: Partial<CommentRow>): CommentRow {
  return {
    id: "01JSAMPLE0000000000000001",
    uri: "/blog/sleep-and-blood-pressure",
    parent_id: null,
    status: "pending",
    author_name: "Ann",
    author_email: "ann@example.com",
    author_website: null,
    is_moderator: 0,
    body: "Thank you for this.",
    html: "",
    flags: "",
    flag_details: "[]",
    notify_replies: 0,
    client_hash: null,
    edit_token_hash: null,
    created_at: "2026-03-01T09:00:00.000Z",
    edited_at: null,
    deleted_at: null,
    moderated_at: null,
    pinned_at: null,
    ...overrides,
  };
}

/** The flag details the screen stores, for the first place each phrase appears in the body. */
function details(body: string, spans: [flag: string, words: string, rule: string][]): string {
  return JSON.stringify(
    spans.map(([flag, words, rule]) => {
      const start = body.indexOf(words);
      return { flag, start, end: start + words.length, rule };
    }),
  );
}

/**
 * Every kind of email the comments service sends, built by its own mail functions from sample data: the message
 * catalogue (docs/mail-catalogue.md, `pnpm run docs`) and the spam-score test read them.
 */
export function commentsMailSamples(): MailSample[] {
  const moderate = (action: string) => `${ORIGIN}/comments/moderate?token=${token(action)}`;
  const links = (row: CommentRow) => ({
    page: `${ORIGIN}${row.uri}`,
    approve: moderate("approve"),
    reject: moderate("reject"),
  });
  const contact =
    "My cardiologist said the same. I'm happy to share my log, call me on 555-0142 after six.\n\nI sleep 7 hours now.";
  const held = comment({
    body: contact,
    flags: "contact_details",
    flag_details: details(contact, [["contact_details", "555-0142", "contact/phone"]]),
  });
  const crisisBody = "Some nights I wish I wouldn't wake up. The pills are not helping.";
  const crisis = comment({
    id: "01JSAMPLE0000000000000002",
    author_name: "B.",
    author_email: null,
    body: crisisBody,
    flags: "crisis",
    flag_details: details(crisisBody, [["crisis", "wish I wouldn't wake up", "risk/passive-death-wish"]]),
  });
  const reported = comment({
    id: "01JSAMPLE0000000000000003",
    author_name: "Sam",
    author_email: "sam@example.net",
    body: "Stop taking your blood pressure pills, beet juice works better.",
    flags: "reported",
  });
  // An edit of a published comment waiting under MODERATION=all: the email shows the comment as the edit makes it.
  const edited = comment({
    id: "01JSAMPLE0000000000000005",
    author_name: "Lee",
    author_email: "lee@example.org",
    body: "Update: my doctor lowered my dose after three months of better sleep.",
    flags: "edited",
    edited_at: "2026-03-02T10:00:00.000Z",
  });
  const reply = comment({
    id: "01JSAMPLE0000000000000004",
    parent_id: "01JSAMPLE0000000000000001",
    status: "approved",
    author_name: "Dr. Kim",
    author_email: "kim@blog.example.com",
    is_moderator: 1,
    body: "Seven hours is a good target. Keep the log and bring it to your next visit.",
  });
  const reader = (action: "export" | "erase") =>
    readerRequestMail(
      "ann@example.com",
      action,
      `${ORIGIN}/comments/me/${action}?token=${token(action)}`,
      SITE,
      READER_LINK_TTL_HOURS,
    );
  return [
    {
      kind: "held comment",
      when: "a comment waits in the queue (MODERATOR_EMAIL): to the moderator",
      message: heldCommentMail("moderators@blog.example.com", held, links(held), SITE),
    },
    {
      kind: "crisis comment",
      when: "the screen heard words of suicide or self-harm (MODERATOR_EMAIL): to the moderator",
      message: heldCommentMail("moderators@blog.example.com", crisis, links(crisis), SITE),
    },
    {
      kind: "reported comment",
      when: "readers' reports sent a published comment back to the queue (REPORT_HIDE_THRESHOLD): to the moderator",
      message: heldCommentMail("moderators@blog.example.com", reported, links(reported), SITE),
    },
    {
      kind: "held edit",
      when: "under MODERATION=all, an edit of a published comment waits while the old text stays up (MODERATOR_EMAIL): to the moderator",
      message: heldCommentMail("moderators@blog.example.com", edited, links(edited), SITE),
    },
    {
      kind: "confirm reply notifications",
      when: "a reader asks to be told about replies, from an address not yet confirmed: to that address",
      message: confirmNotifyMail(
        "ann@example.com",
        `${ORIGIN}/comments/notify/confirm?token=${token("confirm")}`,
        SITE,
      ),
    },
    {
      kind: "reply notification",
      when: "a reply to a comment is published, and its author confirmed notifications: to that author",
      message: replyMail(
        "ann@example.com",
        reply,
        {
          reply: `${ORIGIN}${reply.uri}?parlor-comment=${reply.id}#comment-${reply.id}`,
          unsubscribe: `${ORIGIN}/comments/notify/unsubscribe?token=${token("unsubscribe")}`,
        },
        SITE,
      ),
    },
    {
      kind: "readers' rights: export",
      when: "someone asks for a copy of what the comments hold about an address: to that address",
      message: reader("export"),
    },
    {
      kind: "readers' rights: erase",
      when: "someone asks to erase what the comments hold about an address: to that address",
      message: reader("erase"),
    },
    {
      kind: "readers' rights: nothing held",
      when: "someone asks for a copy or an erasure for an address the comments hold nothing about: to that address (no link)",
      message: readerRequestMail("nobody@example.net", "export", null, SITE, READER_LINK_TTL_HOURS),
    },
  ];
}
