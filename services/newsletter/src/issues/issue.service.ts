import { InvalidInput, invalidField, NotFound, newId } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import { enqueue } from "@parlor/mail";
import { decodeCursor, encodeCursor, type IssueEdit, type NewIssue } from "@parlor/validation";
import { type IssueRow, OUTBOX_TABLE } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { issueTopics, setIssueTopics } from "../topics/topic.repository.ts";
import { topicIdsOf } from "../topics/topic.service.ts";
import { IssueNotDraft, IssueNotFound, NoPostalAddress, NotScheduled } from "./issue.errors.ts";
import { issueMail } from "./issue.mail.ts";
import { renderIssue } from "./issue.render.ts";
import {
  findIssue,
  findIssueBySlug,
  insertIssue,
  latestIssues,
  progressOf,
  sentIssues,
  uniqueSlug,
  updateIssue,
} from "./issue.repository.ts";
import { toIssueView } from "./issue.view.ts";

/** The editor's side: drafts, previews, test sends, and the decision to send (the dispatcher does the rest). */
export function createIssueService(deps: ServiceDeps & { sendRequested?: () => void }) {
  const { db, config, clock, links } = deps;
  const webUrl = (slug: string) => links.url(`/v1/issues/${slug}`);

  /** The issue's HTML and text; Markdown with an image that cannot be shown is refused, naming each (400). */
  function render(markdown: string) {
    const { problems, ...rendered } = renderIssue(markdown, {
      baseUrl: links.url("/"),
      imageOrigins: config.IMAGE_ORIGINS,
    });
    if (problems.length > 0) throw new InvalidInput(problems.map((message) => ({ path: "markdown", message })));
    return rendered;
  }

  async function load(id: string): Promise<IssueRow> {
    const row = await findIssue(db, id);
    if (!row) throw new IssueNotFound(id);
    return row;
  }

  const toView = async (row: IssueRow) =>
    toIssueView(row, await progressOf(db, row.id), webUrl(row.slug), await topicSlugs(row.id));
  const topicSlugs = async (id: string) => (await issueTopics(db, id)).map((t) => t.slug);

  async function view(id: string) {
    return toView(await load(id));
  }

  async function list() {
    const rows = await latestIssues(db, 200);
    return Promise.all(rows.map(toView));
  }

  async function create(input: NewIssue) {
    const at = clock.now().toISOString();
    const rendered = render(input.markdown);
    const topicIds = await topicIdsOf(db, input.topics);
    const row = await writeTransaction(db, async (trx) => {
      const issue: IssueRow = {
        id: newId(clock.now().getTime()),
        slug: await uniqueSlug(trx, input.subject),
        subject: input.subject,
        markdown: input.markdown,
        ...rendered,
        status: "draft",
        scheduled_at: null,
        started_at: null,
        fanout_after: null,
        fanout_done: 0,
        sent_at: null,
        created_at: at,
        updated_at: at,
      };
      await insertIssue(trx, issue);
      await setIssueTopics(trx, issue.id, topicIds);
      return issue;
    });
    deps.events.emit("issue.drafted", { id: row.id });
    return toView(row);
  }

  async function edit(id: string, input: IssueEdit) {
    const topicIds = input.topics === undefined ? null : await topicIdsOf(db, input.topics);
    await writeTransaction(db, async (trx) => {
      const row = await findIssue(trx, id);
      if (!row) throw new IssueNotFound(id);
      if (row.status !== "draft") throw new IssueNotDraft(row.status);
      const markdown = input.markdown ?? row.markdown;
      await updateIssue(trx, id, {
        subject: input.subject ?? row.subject,
        markdown,
        ...render(markdown),
        updated_at: clock.now().toISOString(),
      });
      if (topicIds) await setIssueTopics(trx, id, topicIds);
    });
    return view(id);
  }

  /** Unsaved Markdown as the email would look: what an editor sees while typing. */
  function previewMarkdown(input: NewIssue) {
    return preview({ subject: input.subject, slug: "preview", ...render(input.markdown) });
  }

  /** The email as a subscriber would get it (with a sample unsubscribe link), without saving or sending. */
  function preview(issue: Pick<IssueRow, "subject" | "html" | "text" | "slug">, to = "subscriber@example.com") {
    return issueMail(
      issue,
      to,
      {
        unsubscribe: links.unsubscribeUrl("preview"),
        preferences: links.preferencesUrl("preview"),
        web: webUrl(issue.slug),
      },
      config,
    );
  }

  /** One copy to one address, subject marked [Test]; its unsubscribe link points at nobody. */
  async function testSend(id: string, to: string) {
    const row = await load(id);
    const message = issueMail(
      row,
      to,
      { unsubscribe: links.unsubscribeUrl("test"), preferences: links.preferencesUrl("test"), web: webUrl(row.slug) },
      config,
      { test: true },
    );
    await writeTransaction(db, (trx) =>
      enqueue(trx, OUTBOX_TABLE, message, `test:${id}:${newId(clock.now().getTime())}`, clock.now()),
    );
    deps.events.emit("issue.test_sent", { id });
  }

  /**
   * Sends now (status `sending`: the dispatcher fans it out) or at `at` (`scheduled`). Only a draft can be sent:
   * a second send is a 409, so nobody gets two copies by a double click.
   */
  async function send(id: string, at?: string) {
    if (!config.POSTAL_ADDRESS) throw new NoPostalAddress();
    const now = clock.now();
    const when = at ? new Date(at) : now;
    await writeTransaction(db, async (trx) => {
      const row = await findIssue(trx, id);
      if (!row) throw new IssueNotFound(id);
      if (row.status !== "draft") throw new IssueNotDraft(row.status);
      const later = when.getTime() > now.getTime();
      await updateIssue(
        trx,
        id,
        {
          status: later ? "scheduled" : "sending",
          scheduled_at: when.toISOString(),
          started_at: later ? null : now.toISOString(),
          updated_at: now.toISOString(),
        },
        { status: "draft" },
      );
    });
    deps.events.emit("issue.send_requested", { id, at: when.toISOString() });
    deps.sendRequested?.();
    return view(id);
  }

  async function cancel(id: string) {
    await writeTransaction(db, async (trx) => {
      const row = await findIssue(trx, id);
      if (!row) throw new IssueNotFound(id);
      if (row.status !== "scheduled") throw new NotScheduled(row.status);
      await updateIssue(trx, id, { status: "draft", scheduled_at: null, updated_at: clock.now().toISOString() });
    });
    return view(id);
  }

  /** A page of sent issues, newest first, and the cursor of the next (null: this is the last). */
  async function archive(limit: number, cursor: string | undefined) {
    let before: { sentAt: string; id: string } | undefined;
    if (cursor) {
      const d = decodeCursor(cursor) as { t?: unknown; i?: unknown } | null;
      if (typeof d?.t !== "string" || typeof d?.i !== "string") {
        throw invalidField("cursor", "must be a cursor returned by this API");
      }
      before = { sentAt: d.t, id: d.i };
    }
    const rows = await sentIssues(db, limit, before);
    const list = rows.slice(0, limit);
    const last = list.at(-1);
    const next = rows.length > limit && last ? encodeCursor({ t: last.sent_at, i: last.id }) : null;
    return { list, next };
  }

  /** A sent issue by its slug (404 for any other, and for a slug that cannot be one). */
  async function published(slug: string): Promise<IssueRow> {
    const issue = /^[a-z0-9-]{1,120}$/.test(slug) ? await findIssueBySlug(db, slug) : undefined;
    if (issue?.status !== "sent") throw new NotFound(`No published issue ${slug}.`);
    return issue;
  }

  return { load, view, list, create, edit, preview, previewMarkdown, testSend, send, cancel, archive, published };
}
export type IssueService = ReturnType<typeof createIssueService>;
