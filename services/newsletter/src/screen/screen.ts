import { emailKey } from "@parlor/validation";
import { domainOf } from "../subscribers/address.ts";
import { DISPOSABLE_DOMAINS, ROLE_LOCAL_PARTS } from "./lists.ts";

/** Why a signup waits for a moderator. */
export type SignupFlag =
  | "honeypot"
  | "burst_client"
  | "burst_network"
  | "repeat_address"
  | "disposable"
  | "role_address"
  | "suppressed"
  | "previously_rejected";

export interface SignupSignals {
  email: string;
  /** The hidden `company` field: anything in it. */
  honeypot: boolean;
  overClientLimit: boolean;
  overNetworkLimit: boolean;
  overAddressLimit: boolean;
  /** The address is on the suppression list (bounced, complained or erased). */
  suppressed: boolean;
  previouslyRejected: boolean;
}

export interface ScreenPolicy {
  /** Extra disposable domains (DISPOSABLE_DOMAINS), lower-cased. */
  disposableDomains: readonly string[];
}

/**
 * The flags a signup raises: list-bombing (one client or network signing up many addresses, one address signed
 * up again and again), throwaway and role addresses, bots, and addresses we must not mail. Any flag means the
 * signup waits as `pending_review` and nothing is mailed until a moderator approves it.
 *
 *   screenSignup({ email: "info@example.com", honeypot: false, … }, { disposableDomains: [] }) // ["role_address"]
 */
export function screenSignup(signals: SignupSignals, policy: ScreenPolicy): SignupFlag[] {
  const flags: SignupFlag[] = [];
  const key = emailKey(signals.email);
  const domain = domainOf(signals.email);
  const local = key.slice(0, key.lastIndexOf("@")).split("+")[0];
  if (signals.honeypot) flags.push("honeypot");
  if (signals.overClientLimit) flags.push("burst_client");
  if (signals.overNetworkLimit) flags.push("burst_network");
  if (signals.overAddressLimit) flags.push("repeat_address");
  if (isDisposable(domain, policy.disposableDomains)) flags.push("disposable");
  if (ROLE_LOCAL_PARTS.includes(local)) flags.push("role_address");
  if (signals.suppressed) flags.push("suppressed");
  if (signals.previouslyRejected) flags.push("previously_rejected");
  return flags;
}

// A subdomain of a listed domain counts too (mail.yopmail.com).
function isDisposable(domain: string, extra: readonly string[]): boolean {
  const listed = (d: string) => DISPOSABLE_DOMAINS.includes(d) || extra.includes(d);
  const parts = domain.split(".");
  for (let i = 0; i < parts.length - 1; i++) if (listed(parts.slice(i).join("."))) return true;
  return false;
}
