import { toFieldErrors } from "@parlor/validation";
import type { Context } from "hono";
import type { z } from "zod";
import { InvalidInput } from "../core/errors.ts";
import { asksForHtml, readBody } from "../http/body.ts";

/** True when the client wants a page (a browser posting a form without JavaScript), not JSON. */
export function wantsHtml(c: Context, isForm: boolean): boolean {
  return asksForHtml(c.req.header("accept"), isForm);
}

/**
 * The one way a route reads a post that may come from a no-JavaScript form: the body (JSON or form fields, as
 * readBody reads it) and whether the answer should be a page. Where it goes back to is the kit's backUrl, on
 * PUBLIC_URL's origin only.
 *
 *   const { data, form, html } = await readFormPost(c);
 */
export async function readFormPost(c: Context) {
  const { data, isForm } = await readBody(c, { forms: true });
  return {
    data,
    /** The form's fields, or null for a JSON body. */
    form: isForm ? (data as Record<string, string>) : null,
    html: wantsHtml(c, isForm),
  };
}

/**
 * Reads a post that may come from a no-JavaScript form and parses it with `schema` (a form's flat fields through
 * `fromForm` first). Bad input from a JSON client throws InvalidInput (onError's 400 naming every field); from a
 * form it comes back as `errors`, for the page that keeps what the reader typed.
 *
 *   const post = await parseFormPost(c, NewComment, formToNewComment);
 *   if (!post.ok) return pages.send(c, "Your comment was not posted", formErrorPage(post.errors, …), { status: 400 });
 */
export async function parseFormPost<T extends z.ZodType>(
  c: Context,
  schema: T,
  fromForm: (form: Record<string, string>) => unknown,
) {
  const { data, form, html } = await readFormPost(c);
  const parsed = schema.safeParse(form ? fromForm(form) : data);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<T>, form, html };
  const errors = toFieldErrors(parsed.error.issues);
  if (!html) throw new InvalidInput(errors);
  return { ok: false as const, errors, form, html };
}
