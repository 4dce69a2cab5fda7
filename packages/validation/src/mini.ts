/**
 * The fields a reader fills in, checked in the browser widget before sending, as the full schemas in this package
 * check them on the server: plain functions with zod's `safeParse` / `parse` shape. Even `zod/mini` made up 40% of
 * the boxes' bundle (17 of 42 KB minified), more than the 16 KB brotli budget left room for once the widget spoke
 * six languages; the rules themselves stay defined once, in zod, on the server. Each twin runs its original's
 * checks in the same order with the same messages, so the widget says before sending what the server would say;
 * `mini.test.ts` holds both to that on a table of inputs.
 *
 *   import { CommentForm, fieldErrors } from "@parlor/validation/mini";
 *   const r = CommentForm.safeParse({ author: { name: "" }, body: "hi" });
 *   if (!r.success) fieldErrors(r.error.issues); // [{ path: "author.name", message: "must not be empty" }]
 */
import { addressProblem, isEmailAddress } from "./address.ts";
import { hasVisibleText, VISIBLE_MESSAGE } from "./visible.ts";

export { REPORT_REASONS } from "./report-reasons.ts";

// Mirrors text.ts.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface Issue {
  path: string[];
  message: string;
}
export type Parsed<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: { issues: Issue[] } };
export interface Schema<T> {
  safeParse(input: unknown): Parsed<T>;
  /** The value as the server stores it (trimmed, empty optional fields left out); throws on the first issue. */
  parse(input: unknown): T;
}

/** One field: its value as stored, or the message of its first failing check. */
type Field<T> = (input: unknown) => { ok: true; value: T } | { ok: false; message: string };
/** A check on a string: the message when it fails, else null. */
type Check = (s: string) => string | null;

const rule =
  (test: (s: string) => boolean, message: string): Check =>
  (s) =>
    test(s) ? null : message;
const notEmpty = rule((s) => s.length >= 1, "must not be empty");
const atMost = (n: number) => rule((s) => s.length <= n, `must be at most ${n} characters`);
const clean = (allowNewlines = false): Check[] => [
  rule((s) => !(allowNewlines ? CONTROL : ANY_CONTROL).test(s), "must not contain control characters"),
  rule((s) => !BIDI_OVERRIDE.test(s), "must not contain bidirectional override characters"),
  rule((s) => !LONE_SURROGATE.test(s), "must be valid Unicode text"),
];
const visible = rule(hasVisibleText, VISIBLE_MESSAGE);

/** A string field (`z.string()` with checks): trimmed first when `trim`, then each check in order. */
function text(trim: boolean, ...checks: Check[]): Field<string> {
  return (input) => {
    if (typeof input !== "string") return { ok: false, message: "must be a string" };
    const value = trim ? input.trim() : input;
    for (const check of checks) {
      const message = check(value);
      if (message !== null) return { ok: false, message };
    }
    return { ok: true, value };
  };
}

/** Optional form fields arrive as "": treat them as absent (text.ts `optional`). */
const optional =
  <T>(field: Field<T>): Field<T | undefined> =>
  (input) =>
    input === undefined || (typeof input === "string" && input.trim() === "")
      ? { ok: true, value: undefined }
      : field(input);

/** fields.ts `Email`: the same address rule (address.ts). */
const EmailField = text(true, (s) =>
  isEmailAddress(s) ? null : (addressProblem(s) ?? "must be a valid email address"),
);

/** fields.ts `Email` as a schema of its own. */
export const Email = single(EmailField);

/** fields.ts `DisplayName`. */
const DisplayName = text(true, notEmpty, atMost(100), ...clean(), visible);

/** fields.ts `WebsiteUrl`. */
const WebsiteUrl = text(true, atMost(2048), (s) => {
  try {
    const u = new URL(s);
    if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "") return null;
  } catch {
    // not a URL
  }
  return "must be an http: or https: URL";
});

/** fields.ts `MarkdownBody`. */
const MarkdownBody = text(true, notEmpty, atMost(10_000), ...clean(true), visible);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Shape = Record<string, Field<unknown> | ObjectOf>;
interface ObjectOf {
  shape: Shape;
  error: string;
}

/** Each key of `shape` in order (unknown keys dropped, as zod's object does); every failing field is an issue. */
function checkObject(shape: Shape, input: Record<string, unknown>, path: string[], issues: Issue[]) {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const at = [...path, key];
    if (typeof field === "function") {
      const r = field(input[key]);
      if (r.ok) {
        if (r.value !== undefined) out[key] = r.value;
      } else issues.push({ path: at, message: r.message });
    } else if (isObject(input[key])) out[key] = checkObject(field.shape, input[key], at, issues);
    else issues.push({ path: at, message: field.error });
  }
  return out;
}

function object<T>(shape: Shape): Schema<T> {
  return schema((input) => {
    if (!isObject(input)) return { success: false, error: { issues: [{ path: [], message: "must be an object" }] } };
    const issues: Issue[] = [];
    const data = checkObject(shape, input, [], issues);
    return issues.length ? { success: false, error: { issues } } : { success: true, data: data as T };
  });
}

/** One field alone as a schema. */
function single<T>(field: Field<T>): Schema<T> {
  return schema((input) => {
    const r = field(input);
    return r.ok
      ? { success: true, data: r.value }
      : { success: false, error: { issues: [{ path: [], message: r.message }] } };
  });
}

function schema<T>(safeParse: (input: unknown) => Parsed<T>): Schema<T> {
  return {
    safeParse,
    parse(input) {
      const r = safeParse(input);
      if (!r.success) throw new Error(`${r.error.issues[0].path.join(".")}: ${r.error.issues[0].message}`);
      return r.data;
    },
  };
}

/** What a reader types into the comment form: `NewComment` without `uri`, `parentId` and the honeypot. */
export interface CommentForm {
  author: { name: string; email?: string; website?: string };
  body: string;
  notifyReplies?: boolean;
}
export const CommentForm = object<CommentForm>({
  author: {
    shape: { name: DisplayName, email: optional(EmailField), website: optional(WebsiteUrl) },
    error: "must be an object with a name",
  },
  body: MarkdownBody,
  notifyReplies: (v) =>
    v === undefined || typeof v === "boolean"
      ? { ok: true, value: v }
      : { ok: false, message: "must be true or false" },
});

/** comment.ts `CommentEdit`. */
export const CommentEdit = object<{ body: string }>({ body: MarkdownBody });

/** newsletter.ts `SubscriberEmail`: no line breaks or control characters (before trimming), then `Email`. */
const SubscriberEmail: Field<string> = (input) => {
  const raw = text(
    false,
    rule((s) => !ANY_CONTROL.test(s), "must not contain line breaks or control characters"),
  )(input);
  return raw.ok ? EmailField(raw.value) : raw;
};

/** What a reader fills in the newsletter form: `NewSubscription`'s `email` and `consent`. */
export interface SubscriptionForm {
  email: string;
  consent: true;
}
export const SubscriptionForm = object<SubscriptionForm>({
  email: SubscriberEmail,
  consent: (v) =>
    v === true
      ? { ok: true, value: true }
      : { ok: false, message: "must be true: the person has to agree to receive the newsletter" },
});

/** problem.ts `toFieldErrors`: one `{ path, message }` per bad field, the first issue of each. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "(body)";
    if (!seen.has(path)) seen.set(path, issue.message);
  }
  return [...seen].map(([path, message]) => ({ path, message }));
}
