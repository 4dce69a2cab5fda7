// The naive durable write: what a first Hono + better-sqlite3 server does for "post a comment". One INSERT in
// its own transaction per request, WAL, synchronous=FULL (one fsync per request), into a copy of Parlor's own
// `comment` table (its columns and indexes, read from the service's file). No group commit, no validation beyond
// parsing the JSON. POST /v1/comments with Parlor's body; answers 201 with the stored row.
//
//   node --import tsx src/naive-write-server.ts <database file holding the comment table>
import { randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import Database from "better-sqlite3";
import { Hono } from "hono";

const file = process.argv[2];
if (!file) throw new Error("usage: naive-write-server.ts <database file>");
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");

// Every NOT NULL column without a default gets a value of its type; the post's own fields go where they belong.
const columns = db.prepare("pragma table_info(comment)").all() as {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
}[];
const OWN = ["id", "uri", "body", "html", "author_name", "status", "created_at", "updated_at"];
const filled = columns.filter((c) => (c.notnull && c.dflt_value === null) || OWN.includes(c.name));
const insert = db.prepare(
  `insert into comment (${filled.map((c) => c.name).join(", ")}) values (${filled.map((c) => `@${c.name}`).join(", ")})`,
);
const write = db.transaction((row: Record<string, unknown>) => insert.run(row));

const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));
app.post("/v1/comments", async (c) => {
  const input = (await c.req.json()) as { uri: string; author?: { name?: string }; body: string };
  const now = new Date().toISOString();
  const row: Record<string, unknown> = {};
  for (const col of filled) row[col.name] = /int/i.test(col.type) ? 0 : "";
  Object.assign(row, {
    id: randomBytes(13).toString("hex"),
    uri: input.uri,
    body: input.body,
    html: `<p>${input.body}</p>`,
    author_name: input.author?.name ?? "Anonymous",
    status: "approved",
    created_at: now,
    updated_at: now,
  });
  for (const key of OWN) if (!filled.some((c) => c.name === key)) delete row[key];
  write(row);
  return c.json(row, 201);
});
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
