// The naive durable write: what a first Hono + better-sqlite3 server does for "post a comment" or "sign up". Its
// rows go in their own transaction per request, WAL, synchronous=FULL (one fsync per request), into copies of
// Parlor's own tables (their columns and indexes, read from the service's file). No group commit, no validation
// beyond parsing the JSON.
//   comment: POST /v1/comments with Parlor's body, one `comment` row; answers 201 with the stored row.
//   signup:  POST /v1/subscriptions with Parlor's body, what a signup stores: a `subscriber` row, its
//            `subscriber_consent` record and the confirmation email in `newsletter_outbox`; answers 202.
//
//   node --import tsx src/naive-write-server.ts <comment|signup> <database file holding the tables>
import { randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import Database from "better-sqlite3";
import { Hono } from "hono";

const kind = process.argv[2];
const file = process.argv[3];
if ((kind !== "comment" && kind !== "signup") || !file)
  throw new Error("usage: naive-write-server.ts <comment|signup> <database file>");
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");

/**
 * An insert into `table` from an object holding some of its columns: every other NOT NULL column without a default
 * gets a value of its type (0 or ""), as a first server would leave the columns it does not care about.
 */
function inserter(table: string) {
  const columns = db.prepare(`pragma table_info(${table})`).all() as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: unknown;
  }[];
  const required = columns.filter((c) => c.notnull && c.dflt_value === null);
  const statements = new Map<string, Database.Statement>(); // prepared once per set of columns
  return (own: Record<string, unknown>) => {
    const row: Record<string, unknown> = {};
    for (const col of required) row[col.name] = /int/i.test(col.type) ? 0 : "";
    for (const [key, value] of Object.entries(own)) if (columns.some((c) => c.name === key)) row[key] = value;
    const names = Object.keys(row).join(", ");
    let insert = statements.get(names);
    if (!insert) {
      insert = db.prepare(
        `insert into ${table} (${names}) values (${Object.keys(row)
          .map((n) => `@${n}`)
          .join(", ")})`,
      );
      statements.set(names, insert);
    }
    insert.run(row);
    return row;
  };
}

const id = () => randomBytes(13).toString("hex");
const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));

if (kind === "comment") {
  const insert = inserter("comment");
  const write = db.transaction((own: Record<string, unknown>) => insert(own));
  app.post("/v1/comments", async (c) => {
    const input = (await c.req.json()) as { uri: string; author?: { name?: string }; body: string };
    const now = new Date().toISOString();
    const row = write({
      id: id(),
      uri: input.uri,
      body: input.body,
      html: `<p>${input.body}</p>`,
      author_name: input.author?.name ?? "Anonymous",
      status: "approved",
      created_at: now,
      updated_at: now,
    });
    return c.json(row, 201);
  });
} else {
  const subscriber = inserter("subscriber");
  const consent = inserter("subscriber_consent");
  const outbox = inserter("newsletter_outbox");
  const write = db.transaction((input: { email: string; name?: string }) => {
    const now = new Date().toISOString();
    const subscriberId = id();
    const token = randomBytes(24).toString("base64url");
    subscriber({
      id: subscriberId,
      email: input.email,
      email_key: input.email.toLowerCase(),
      name: input.name ?? null,
      status: "pending",
      flags: "",
      confirm_token_hash: token,
      created_at: now,
      updated_at: now,
      locale: "en",
    });
    consent({ id: id(), subscriber_id: subscriberId, kind: "signup", consent_text: "Yes", created_at: now });
    outbox({
      id: id(),
      idempotency_key: `confirm:${subscriberId}`,
      recipient: input.email.toLowerCase(),
      subject: "Confirm your subscription",
      status: "queued",
      message: JSON.stringify({
        to: input.email,
        subject: "Confirm your subscription",
        text: `Confirm: https://example.org/confirm?token=${token}`,
      }),
      created_at: now,
      next_attempt_at: now,
    });
  });
  app.post("/v1/subscriptions", async (c) => {
    write((await c.req.json()) as { email: string; name?: string });
    return c.json({ status: "pending" }, 202);
  });
}

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
