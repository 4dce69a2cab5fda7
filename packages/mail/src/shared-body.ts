import { encode as qpEncode, wrap as qpWrap } from "nodemailer/lib/qp";
import { InvalidMessage, type OutboxMessage, validateMessage } from "./message.ts";

/** A body rendered once and mailed to many (a newsletter issue), with placeholders for the per-recipient parts. */
export interface SharedBody {
  text: string;
  html: string;
}

/**
 * One email whose text and html are a shared body with a few parts filled in at send time: the outbox row keeps
 * the address, subject, headers and those parts, a few hundred bytes, instead of the whole rendered issue.
 */
export interface PersonalisedMessage extends Omit<OutboxMessage, "text" | "html"> {
  /** Names the shared body, for the worker's `bodies` source (a newsletter issue's id). */
  body: string;
  /** Placeholder → this recipient's value, replaced everywhere in the body's text and html. */
  fill: Record<string, string>;
}

/** What an outbox row of mail holds. */
export type StoredMessage = OutboxMessage | PersonalisedMessage;

/** Looks a shared body up by its name; undefined when there is none (the email can then never be sent). */
export type BodySource = (ref: string) => Promise<SharedBody | undefined>;

export function isPersonalised(message: StoredMessage): message is PersonalisedMessage {
  return typeof (message as PersonalisedMessage).body === "string";
}

/**
 * Checks a personalised message before it is queued, as validateMessage does for a whole one (address, subject,
 * headers), plus its body name and parts.
 */
export function validatePersonalised(input: PersonalisedMessage): PersonalisedMessage {
  const { body, fill } = input;
  if (!body || body.length > 200) throw new InvalidMessage("body", "must name a shared body (1–200 characters)");
  if (typeof fill !== "object" || fill === null) throw new InvalidMessage("fill", "must be an object");
  for (const [key, value] of Object.entries(fill)) {
    if (!key || typeof value !== "string") throw new InvalidMessage(`fill.${key}`, "must be a string");
  }
  // The fields named one by one: a rest-and-spread copy of the input made this several times slower (10.6 against
  // 2.4 µs a call), and it runs twice for every signup's confirmation.
  const { to, toName, from, subject, headers } = validateMessage({
    to: input.to,
    toName: input.toName,
    from: input.from,
    subject: input.subject,
    headers: input.headers,
    text: body,
    html: body,
  });
  return {
    to,
    subject,
    ...(from !== undefined ? { from } : {}),
    ...(toName !== undefined ? { toName } : {}),
    ...(headers !== undefined ? { headers } : {}),
    body,
    fill,
  };
}

/** The whole message for one recipient: the shared body with this recipient's parts filled in. */
export function personalise(message: PersonalisedMessage, shared: SharedBody): OutboxMessage {
  const { body: _b, fill, ...rest } = message;
  let { text, html } = shared;
  for (const [placeholder, value] of Object.entries(fill)) {
    text = text.replaceAll(placeholder, value);
    html = html.replaceAll(placeholder, value);
  }
  return { ...rest, text, html };
}

/**
 * Keeps the last few bodies looked up (an issue goes out in thousands of sends, each naming the same body); a
 * missing body is not kept, so one stored later is found.
 *
 *   const bodies = cachedBodies((id) => findIssueBody(db, id));
 */
export function cachedBodies(load: BodySource, size = 4): BodySource {
  const cache = new Map<string, Promise<SharedBody | undefined>>();
  return (ref) => {
    let found = cache.get(ref);
    if (found) {
      cache.delete(ref); // most recently used last
    } else {
      found = load(ref).then((body) => {
        if (!body) cache.delete(ref);
        return body;
      });
      found.catch(() => cache.delete(ref));
    }
    cache.set(ref, found);
    while (cache.size > size) cache.delete(cache.keys().next().value as string);
    return found;
  };
}

/**
 * A message's text and html as whole MIME parts (their Content-Type and Content-Transfer-Encoding, a blank line,
 * the encoded content), which the transports send as they are instead of encoding the text and html again.
 */
export interface EncodedParts {
  text: string;
  html: string;
}

/** One part of a shared body, cut at its placeholders: encoded pieces, and the placeholders between them. */
type Piece = { encoded: string } | { placeholder: string };

// RFC 2045 allows 76 characters per encoded line; a piece's last line may get a soft break's "=" appended.
const QP_LINE = 75;
const encodedBodies = new WeakMap<SharedBody, Map<string, { text: Piece[]; html: Piece[] } | null>>();

/**
 * The personalised message's text and html as quoted-printable MIME parts, built from pieces of the shared body
 * encoded once per body and this recipient's values encoded alone, so an issue sent to 100,000 people is encoded
 * once, not 100,000 times (it was most of a send's CPU). Each piece ends in a soft line break (RFC 2045 §6.7
 * rule 5), so the parts decode to exactly what `personalise` gives. Null for a body written mostly outside the
 * Latin alphabet, which nodemailer would send in base64: such a message is encoded whole, as before.
 */
export function encodedParts(message: PersonalisedMessage, shared: SharedBody): EncodedParts | null {
  const placeholders = Object.keys(message.fill);
  const key = placeholders.join("\n");
  let byPlaceholders = encodedBodies.get(shared);
  if (!byPlaceholders) {
    byPlaceholders = new Map();
    encodedBodies.set(shared, byPlaceholders);
  }
  let pieces = byPlaceholders.get(key);
  if (pieces === undefined) {
    pieces =
      mostlyLatin(shared.text) && mostlyLatin(shared.html)
        ? { text: cut(shared.text, placeholders), html: cut(shared.html, placeholders) }
        : null;
    byPlaceholders.set(key, pieces);
  }
  if (!pieces) return null;
  const values = new Map(placeholders.map((p) => [p, quotedPrintable(message.fill[p])]));
  return {
    text: mimePart("text/plain", pieces.text, values),
    html: mimePart("text/html", pieces.html, values),
  };
}

function mimePart(type: string, pieces: Piece[], values: Map<string, string>): string {
  let out = `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  let open = false; // the last piece ended mid-line: a soft line break joins the next one to it
  for (const piece of pieces) {
    const encoded = "encoded" in piece ? piece.encoded : (values.get(piece.placeholder) as string);
    if (!encoded) continue;
    if (open) out += "=\r\n";
    out += encoded;
    open = !encoded.endsWith("\n");
  }
  return out;
}

/** Splits `content` at every placeholder (longest first where two start at one place), each piece encoded. */
function cut(content: string, placeholders: string[]): Piece[] {
  const longestFirst = [...placeholders].sort((a, b) => b.length - a.length);
  const pieces: Piece[] = [];
  let from = 0;
  for (;;) {
    let at = -1;
    let found = "";
    for (const p of longestFirst) {
      const i = content.indexOf(p, from);
      if (i !== -1 && (at === -1 || i < at)) {
        at = i;
        found = p;
      }
    }
    if (at === -1) break;
    pieces.push({ encoded: quotedPrintable(content.slice(from, at)) }, { placeholder: found });
    from = at + found.length;
  }
  pieces.push({ encoded: quotedPrintable(content.slice(from)) });
  return pieces;
}

function quotedPrintable(text: string): string {
  return text ? qpWrap(qpEncode(text), QP_LINE) : "";
}

/** nodemailer's choice between quoted-printable and base64 for a text: more Latin letters than anything else. */
function mostlyLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) other++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return other < latin;
}
