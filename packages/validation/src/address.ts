// The one rule for an email address, kept free of zod so the full schemas, the widget's zod/mini twins and the
// mail layer (which must never be handed an address it would refuse to send) all apply the very same checks.
// Syntax: RFC 5322's dot-atom, which is also what a browser's <input type=email> accepts (HTML's "valid email
// address"), so a reader the browser lets through is not refused by the server for the form of the address.
// Lengths: RFC 5321 §4.5.3.1 (a local part of at most 64 octets, a path of at most 256 octets, so an address of at
// most 254 characters). The domain is a host name: labels of letters, digits and inner hyphens, 1–63 each.

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A public domain ends in a top-level domain of letters (or an IDNA `xn--` one), never in digits.
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export const ADDRESS_MAX = 254;
export const LOCAL_PART_MAX = 64;

export interface AddressOptions {
  /**
   * Accept a domain without a dot (`no-reply@localhost`): for the operator's own sender, never for what a
   * reader types. Default false: the domain must end in a top-level domain (`example.com`).
   */
  localDomain?: boolean;
}

/**
 * What is wrong with `value` as one plain email address, or null when nothing is: the message names the rule it
 * breaks, as a field error says it (`must be at most 254 characters`). `value` is taken as is: trim it first.
 *
 *   addressProblem(`${"a".repeat(65)}@example.com`); // "the part before @ must be at most 64 characters"
 *   addressProblem("ann@example.com");               // null
 */
export function addressProblem(value: string, options: AddressOptions = {}): string | null {
  if (value.length > ADDRESS_MAX) return `must be at most ${ADDRESS_MAX} characters`;
  const at = value.lastIndexOf("@");
  if (at < 1 || at === value.length - 1) return "must be a valid email address";
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > LOCAL_PART_MAX) return `the part before @ must be at most ${LOCAL_PART_MAX} characters`;
  if (!LOCAL.test(local)) return "must be a valid email address";
  const labels = domain.split(".");
  if (!labels.every((l) => LABEL.test(l))) return "the part after @ must be a domain name, such as example.com";
  if (!options.localDomain && (labels.length < 2 || !TLD.test(labels[labels.length - 1]))) {
    return "the part after @ must be a domain name, such as example.com";
  }
  return null;
}

/** True when `value` is one plain email address by `addressProblem`'s rule. */
export function isEmailAddress(value: string, options: AddressOptions = {}): boolean {
  return addressProblem(value, options) === null;
}

/**
 * The comparison key of an address: surrounding space removed and lower-cased. The whole address is lower-cased,
 * not only the domain: every mailbox provider we know treats the local part case-insensitively, so `Ann@x.com`
 * and `ann@x.com` are one inbox, one subscriber, one commenter, one outbox recipient. The address itself is stored
 * and mailed as typed. (mailboxKey goes further, for block lists.)
 *
 *   emailKey("  Ann.Lee@Example.COM ") === "ann.lee@example.com"
 */
export function emailKey(address: string): string {
  return address.trim().toLowerCase();
}

// Providers that ignore dots in the local part ("a.nn@gmail.com" is "ann@gmail.com"), and the domain they answer as.
const DOTLESS: Record<string, string> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

/**
 * The mailbox an address reaches, for comparing addresses a person could use interchangeably (a block list):
 * lower-cased, a `+tag` after the local part dropped (`ann+news@x.com` reaches `ann@x.com` at every provider that
 * takes tags, and at worst a block covers a little more), and for providers that ignore dots in the local part
 * (gmail.com, googlemail.com) the dots dropped and the domain made one. Never for sending: mail goes to the
 * address as typed.
 *
 *   mailboxKey("A.nn+news@GoogleMail.com") === "ann@gmail.com"
 */
export function mailboxKey(address: string): string {
  const email = emailKey(address);
  const at = email.lastIndexOf("@");
  if (at < 1) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS[domain];
  if (dotless) {
    local = local.replaceAll(".", "") || local;
    domain = dotless;
  }
  return `${local}@${domain}`;
}
