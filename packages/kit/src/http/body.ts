import { toFieldErrors } from "@parlor/validation";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { InvalidInput, PayloadTooLarge, UnsupportedMediaType } from "../core/errors.ts";

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * 413 past `maxSize` bytes, whether announced by Content-Length or streamed.
 *
 * A body with a Content-Length is judged by its headers alone (Node's parser never hands over more bytes than
 * it announces), as hono's bodyLimit does, but without touching `c.req.raw.body`: on @hono/node-server that
 * builds a whole web Request around the socket, while `c.req.text()` left alone reads the bytes straight from
 * Node (about 9 % of a comment post's CPU). A chunked body goes through hono's bodyLimit, which counts it.
 */
export function limitBody(maxSize = DEFAULT_BODY_LIMIT): MiddlewareHandler {
  const streamed = bodyLimit({
    maxSize,
    onError: () => {
      throw new PayloadTooLarge(maxSize);
    },
  });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return streamed(c, next);
    if (Number.parseInt(length, 10) > maxSize) throw new PayloadTooLarge(maxSize);
    await next();
  };
}

export interface ReadBody {
  data: unknown;
  /** True when the body came from an HTML form (urlencoded or multipart). */
  isForm: boolean;
}

/**
 * Reads a JSON body, or (with `forms`) an HTML form post as a flat object of strings. An empty body with no
 * content type reads as `{}` (action endpoints). Anything else is a 415; malformed JSON is a 400.
 */
export async function readBody(c: Context, options: { forms?: boolean } = {}): Promise<ReadBody> {
  const type = mediaType(c.req.header("content-type"));
  if (isJsonType(type)) {
    const text = await c.req.text();
    if (text.trim() === "") return { data: {}, isForm: false };
    try {
      return { data: JSON.parse(text), isForm: false };
    } catch {
      throw new InvalidInput([{ path: "(body)", message: "must be valid JSON" }], "The body is not valid JSON.");
    }
  }
  if (options.forms && (type === "application/x-www-form-urlencoded" || type === "multipart/form-data")) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new InvalidInput([{ path: "(body)", message: "must be a valid form" }], "The form could not be read.");
    }
    const data: Record<string, string> = {};
    for (const [key, value] of form) if (typeof value === "string" && !(key in data)) data[key] = value;
    return { data, isForm: true };
  }
  if (type === "" && (await c.req.text()).trim() === "") return { data: {}, isForm: false };
  throw new UnsupportedMediaType(
    options.forms
      ? ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
      : ["application/json"],
  );
}

/** A Content-Type header's media type, lower case, without its parameters ("" when there is none). */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

/** Whether readBody reads a body of this media type (mediaType) as JSON: `application/json`, `application/*+json`. */
export function isJsonType(type: string): boolean {
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * True when a client with this Accept header wants a page, not JSON (a browser posting a form without JavaScript):
 * it takes no JSON and asks for HTML, or it posted a form. The kit's wantsHtml reads a Context's.
 */
export function asksForHtml(accept: string | undefined, isForm: boolean): boolean {
  const value = accept ?? "";
  if (value.includes("application/json")) return false;
  return isForm || value.includes("text/html");
}

/** Parses with a zod schema; a failure throws InvalidInput naming every bad field (onError renders the 400). */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InvalidInput(toFieldErrors(parsed.error.issues));
  return parsed.data;
}

/**
 * The token of a page behind an emailed link: from the query (the link as mailed), else from the posted form or
 * JSON (the page's button). "" when there is none, which every caller refuses like a forged token.
 */
export async function linkToken(c: Context): Promise<string> {
  const fromQuery = c.req.query("token");
  if (fromQuery) return fromQuery;
  const { data } = await readBody(c, { forms: true });
  const token = (data as { token?: unknown }).token;
  return typeof token === "string" ? token : "";
}
