import { type CliCommand, CliError } from "@parlor/kit/cli";
import { CommentNotFound } from "../comments/comment.errors.ts";
import type { Runtime } from "../config.ts";
import { createModerationService, type Decision } from "../moderation/moderation.service.ts";
import { listQueue } from "../moderation/queue.repository.ts";
import { withStore } from "./store.ts";

const STATUSES = ["pending", "approved", "rejected", "spam"] as const;

export function moderationCommands(rt: Runtime): Record<string, CliCommand> {
  const decide = (decision: Decision, verb: string): CliCommand => ({
    summary: `${verb} comments in the queue by id (emails and webhooks follow as from the console)`,
    usage: `${decision} <id> [<id>…]`,
    async run(ids) {
      if (ids.length === 0) throw new CliError(`name the comment: ${decision} <id>`);
      await withStore(rt, async ({ deps }) => {
        const moderation = createModerationService(deps);
        for (const id of ids) {
          try {
            const c = await moderation.decide(id, decision, "cli");
            console.log(`${id}: ${c.status}`);
          } catch (e) {
            if (e instanceof CommentNotFound) throw new CliError(`${id}: no such comment`);
            throw e;
          }
        }
      });
    },
  });
  return {
    queue: {
      summary: "show the moderation queue (oldest first) with each comment's flags and text",
      usage: "queue [--status pending|approved|rejected|spam] [--search <text>] [--limit <n>]",
      options: { status: { type: "string" }, search: { type: "string", short: "q" }, limit: { type: "string" } },
      async run(_args, flags) {
        const status = (flags.status as string | undefined) ?? "pending";
        if (!STATUSES.includes(status as (typeof STATUSES)[number])) {
          throw new CliError(`--status must be one of: ${STATUSES.join(", ")}`);
        }
        const limit = Number(flags.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1) throw new CliError("--limit must be a positive whole number");
        await withStore(rt, async ({ db }) => {
          const rows = await listQueue(db, {
            status: status as (typeof STATUSES)[number],
            q: flags.search as string | undefined,
            order: "urgent",
            limit,
          });
          if (rows.length === 0) {
            console.log(`no ${status} comments`);
            return;
          }
          for (const r of rows) {
            const who = `${r.author_name}${r.author_email ? ` <${r.author_email}>` : ""}`;
            console.log(`${r.id}  ${r.created_at}  ${r.uri}`);
            console.log(`  by ${who}${r.flags ? `  flags: ${r.flags}` : ""}`);
            console.log(`  ${r.body.replace(/\s+/g, " ").slice(0, 200)}\n`);
          }
          console.log(`${rows.length} ${status} comment${rows.length === 1 ? "" : "s"} shown`);
        });
      },
    },
    approve: decide("approve", "approve"),
    reject: decide("reject", "reject"),
    spam: decide("spam", "mark as spam"),
  };
}
