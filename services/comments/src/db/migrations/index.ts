import type { Migration } from "kysely";
import * as m0001 from "./0001-create-comments.ts";
import * as m0002 from "./0002-add-notifications.ts";
import * as m0003 from "./0003-moderation-tools.ts";
import * as m0004 from "./0004-moderators-audit-retention.ts";
import * as m0005 from "./0005-imports-webhooks.ts";
import * as m0007 from "./0007-add-flag-details.ts";
import * as m0013 from "./0013-add-revisions-mailbox-blocks.ts";
import * as m0018 from "./0018-add-pins-page-titles.ts";
import * as m0020 from "./0020-add-reader-locale.ts";

/** Every migration, in order. The bookkeeping tables are `comments_migration` and `comments_migration_lock`. */
export const migrations: Record<string, Migration> = {
  "0001-create-comments": m0001,
  "0002-add-notifications": m0002,
  "0003-moderation-tools": m0003,
  "0004-moderators-audit-retention": m0004,
  "0005-imports-webhooks": m0005,
  "0007-add-flag-details": m0007,
  "0013-add-revisions-mailbox-blocks": m0013,
  "0018-add-pins-page-titles": m0018,
  "0020-add-reader-locale": m0020,
};
