import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, postComment, storedRow } from "./helpers.ts";

// Why a comment was held, word by word: the screen's reasons reach the moderators' API and their email, and are
// recomputed when the author edits. Offsets are UTF-16 code units into the Markdown body.

const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

type Detail = { flag: string; start: number | null; end: number | null; rule: string };
const quoted = (body: string, details: Detail[]) =>
  details.map((d) => [d.flag, d.start === null ? null : body.slice(d.start, d.end ?? d.start)]);

// An emoji before the words: UTF-16 offsets differ from code-point offsets here, so the test tells them apart.
const BODY = "Thank you 🙏 for this. Most nights I go to sleep wishing I wouldn't wake up. My cell is +44 7700 900123.";

describe("the screen's reasons", () => {
  it("reach the moderation queue as flagDetails whose offsets slice the words out of the body", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: BODY, approve: false });
    const queue = await (await t.admin("GET", "/v1/admin/comments?status=pending")).json();
    const held = queue.comments.find((x: { id: string }) => x.id === c.comment.id);
    expect(held.flags).toEqual(["contact_details", "crisis"]);
    expect(quoted(BODY, held.flagDetails)).toEqual([
      ["contact_details", "+44 7700 900123"],
      ["crisis", "wishing I wouldn't wake"],
    ]);
    expect(held.flagDetails.map((d: Detail) => d.rule)).toEqual([
      "phone/international",
      "passive_ideation/wish_not_wake",
    ]);
    // The approve answer carries them too.
    const approved = await (await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`)).json();
    expect(quoted(BODY, approved.flagDetails)).toEqual(quoted(BODY, held.flagDetails));
  });

  it("are recomputed when the author edits, for the new text", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    const c = await postComment(t, { body: "Call me on 020 7946 0018 please", approve: false });
    const edited = "Sorry, no number here. Honestly I don't want to be alive anymore.";
    const res = await t.call(
      "PATCH",
      `/v1/comments/${c.comment.id}`,
      { body: edited },
      {
        Authorization: `Bearer ${c.editToken}`,
      },
    );
    expect(res.status).toBe(200);
    const [row] = (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()).comments;
    expect(quoted(edited, row.flagDetails)).toEqual([["crisis", "don't want to be alive"]]);
  });

  it("are named in the moderator's email as the reader wrote them, and kept out of the audit log", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const c = await postComment(t, { body: BODY, approve: false });
    await t.deliver();
    const [mail] = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).map((d) => d.mail);
    expect(mail.subject).not.toContain("wake");
    expect(mail.text).toContain("The words that raised it:");
    expect(mail.text).toContain("\u201cwishing I wouldn't wake\u201d (words of suicide or self-harm)");
    expect(mail.text).toContain("\u201c+44 7700 900123\u201d (contact details or identifiers)");
    expect(mail.html).toContain("\u201cwishing I wouldn&#39;t wake\u201d");
    await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reject`);
    const log = JSON.stringify(await (await t.admin("GET", "/v1/admin/comments/audit")).json());
    expect(log).not.toContain("wake");
    expect(log).not.toContain("7700");
  });

  it("are dropped with the text when a comment is erased", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: BODY, approve: false });
    const res = await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, {
      Authorization: `Bearer ${c.editToken}`,
    });
    expect(res.status).toBe(204);
    expect((await storedRow(t, c.comment.id))?.flag_details).toBe("[]");
  });
});
