import type { Migration } from "kysely";
import * as m0001 from "./0001-create-subscribers.ts";
import * as m0002 from "./0002-create-issues.ts";
import * as m0003 from "./0003-webhooks-feed.ts";
import * as m0004 from "./0004-reader-requests.ts";
import * as m0017 from "./0017-create-issue-bodies.ts";
import * as m0019 from "./0019-create-topics.ts";
import * as m0020 from "./0020-add-subscriber-locale.ts";
import * as m0021 from "./0021-create-mail-bodies.ts";

/** Every migration, in order. The bookkeeping tables are `newsletter_migration` and `newsletter_migration_lock`. */
export const migrations: Record<string, Migration> = {
  "0001-create-subscribers": m0001,
  "0002-create-issues": m0002,
  "0003-webhooks-feed": m0003,
  "0004-reader-requests": m0004,
  "0017-create-issue-bodies": m0017,
  "0019-create-topics": m0019,
  "0020-add-subscriber-locale": m0020,
  "0021-create-mail-bodies": m0021,
};
