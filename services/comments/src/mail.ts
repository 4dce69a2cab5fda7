import type { Engine, Logger, Metrics } from "@parlor/kit";
import { startServiceMailWorker } from "@parlor/mail";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "./config.ts";
import { type CommentsDb, OUTBOX_TABLE } from "./db/schema.ts";

/** The outbox worker of this process (see startServiceMailWorker). */
export function startMailWorker(options: {
  config: CommentsConfig;
  db: Kysely<CommentsDb>;
  engine: Engine;
  logger: Logger;
  metrics: Metrics;
  rootDir: string;
}) {
  return startServiceMailWorker({ ...options, prefix: "COMMENTS", table: OUTBOX_TABLE });
}
