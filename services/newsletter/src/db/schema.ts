import type { ModeratorTable } from "@parlor/kit/moderators";
import { shellTables } from "@parlor/kit/service";
import type { OutboxTable } from "@parlor/outbox";
import type { SubscriberStatus } from "@parlor/validation";
import type { Selectable } from "kysely";

export interface SubscriberTable {
  id: string; // ULID
  email: string; // as typed
  email_key: string; // the comparison key: trimmed, lower-cased (unique)
  name: string | null;
  status: SubscriberStatus;
  source: string | null;
  flags: string; // comma-separated screen flags
  /** Why a bounced or complained address is suppressed, or why a moderator rejected it. */
  reason: string | null;
  client_hash: string | null;
  confirm_token_hash: string | null; // sha256 of the current confirmation token; null once used
  confirm_expires_at: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  /** The language the address signed up in (its emails are written in it); null: English. */
  locale: string | null;
}

/** Consent evidence: what the person agreed to, when, where and from which client address. */
export interface SubscriberConsentTable {
  id: string;
  subscriber_id: string;
  /** `topics`: the subscriber changed their topics on the preference page (0019). */
  kind: "signup" | "confirm" | "import" | "topics";
  consent_text: string;
  source: string | null;
  client_address: string | null;
  created_at: string;
  /** The topics chosen (slugs, space-separated); null: every topic, including topics added later (0019). */
  topics: string | null;
}

/** A keyed hash of an address that must never be mailed by mistake: bounced, complained, erased. */
export interface SuppressionTable {
  email_hash: string;
  reason: "bounce" | "complaint" | "erased";
  created_at: string;
}

export interface IssueTable {
  id: string;
  slug: string;
  subject: string;
  markdown: string;
  html: string;
  text: string;
  status: "draft" | "scheduled" | "sending" | "sent";
  scheduled_at: string | null;
  started_at: string | null;
  /** The last subscriber id queued: fan-out resumes after it. */
  fanout_after: string | null;
  fanout_done: number;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An issue's email as rendered for its fan-out, the unsubscribe link a placeholder (the outbox rows' shared body). */
export interface IssueBodyTable {
  issue_id: string;
  text: string;
  html: string;
  created_at: string;
}

/** A body shared by many outbox rows of one kind of email (a confirmation): `ref` names it in each row's message. */
export interface MailBodyTable {
  ref: string;
  text: string;
  html: string;
  created_at: string;
}

/** One row per (issue, subscriber) queued: progress is read by joining the outbox on `outbox_key`. */
export interface DeliveryTable {
  issue_id: string;
  subscriber_id: string;
  outbox_key: string;
}

/** What subscribers follow and issues go to (see 0019-create-topics). */
export interface TopicTable {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** A topic a subscriber chose. A subscriber with none follows every topic, including topics added later. */
export interface SubscriberTopicTable {
  subscriber_id: string;
  topic_id: string;
}

/** A topic an issue goes to. An issue with none goes to every active subscriber. */
export interface IssueTopicTable {
  issue_id: string;
  topic_id: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** An entry of the blog's feed already seen (see 0003-webhooks-feed). */
export interface FeedEntryTable {
  key: string;
  feed_url: string;
  entry_id: string;
  title: string | null;
  issue_id: string | null;
  seen_at: string;
}

export interface NewsletterDb {
  subscriber: SubscriberTable;
  subscriber_consent: SubscriberConsentTable;
  newsletter_suppression: SuppressionTable;
  newsletter_issue: IssueTable;
  newsletter_issue_body: IssueBodyTable;
  newsletter_mail_body: MailBodyTable;
  newsletter_delivery: DeliveryTable;
  newsletter_setting: SettingTable;
  newsletter_outbox: OutboxTable;
  newsletter_moderator: ModeratorTable;
  newsletter_webhook_outbox: OutboxTable;
  newsletter_feed_entry: FeedEntryTable;
  newsletter_topic: TopicTable;
  newsletter_subscriber_topic: SubscriberTopicTable;
  newsletter_issue_topic: IssueTopicTable;
}

export type SubscriberRow = Selectable<SubscriberTable>;
export type IssueRow = Selectable<IssueTable>;
export type TopicRow = Selectable<TopicTable>;
export const { SETTING_TABLE, OUTBOX_TABLE, MODERATOR_TABLE, WEBHOOK_OUTBOX_TABLE } = shellTables("newsletter");
