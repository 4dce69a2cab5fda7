/** The newsletter admin API's shapes, as far as the console reads them. */
export type SubscriberStatus = "pending_review" | "pending" | "active" | "unsubscribed" | "rejected" | "bounced";

export interface Subscriber {
  id: string;
  email: string;
  name: string | null;
  status: SubscriberStatus;
  source: string | null;
  flags: string[];
  reason: string | null;
  createdAt: string;
  confirmedAt: string | null;
}

export interface Issue {
  id: string;
  slug: string;
  subject: string;
  markdown: string;
  /** The slugs of the topics it goes to; empty: every active subscriber. */
  topics: string[];
  status: "draft" | "scheduled" | "sending" | "sent";
  scheduledAt: string | null;
  sentAt: string | null;
  recipients: number;
  sent: number;
  failed: number;
  pending: number;
}

export interface Topic {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  /** Active subscribers who follow it: those who chose it and those who follow every topic. */
  subscribers: number;
}

export const API = "/v1/admin/newsletter";

export const STATUS_LABEL: Record<SubscriberStatus, string> = {
  pending_review: "Waiting for review",
  pending: "Not confirmed yet",
  active: "Active",
  unsubscribed: "Unsubscribed",
  rejected: "Rejected",
  bounced: "Bounced",
};

/** Why a signup waits (services/newsletter/src/screen/screen.ts), as a moderator reads it. */
export const FLAG_LABEL: Record<string, string> = {
  honeypot: "filled in a field only bots see",
  burst_client: "many signups from one client",
  burst_network: "many signups from one network",
  repeat_address: "the same address again and again",
  disposable: "throwaway address",
  role_address: "a role address (admin@, info@)",
  suppressed: "on the suppression list",
  previously_rejected: "rejected before",
};
