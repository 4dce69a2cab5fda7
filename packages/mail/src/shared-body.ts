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
  const { body, fill, ...rest } = input;
  if (!body || body.length > 200) throw new InvalidMessage("body", "must name a shared body (1–200 characters)");
  if (typeof fill !== "object" || fill === null) throw new InvalidMessage("fill", "must be an object");
  for (const [key, value] of Object.entries(fill)) {
    if (!key || typeof value !== "string") throw new InvalidMessage(`fill.${key}`, "must be a string");
  }
  const { text: _t, html: _h, ...checked } = validateMessage({ ...rest, text: body, html: body });
  return { ...checked, body, fill };
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
