import { createRoute } from "@hono/zod-openapi";
import { Problem } from "@parlor/validation";
import { z } from "zod";

// The answers every route documents the same way.

/** An error answer of a route declared with `createRoute`: problem+json, saying when it happens. */
export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
/** The 400 of a route that validates input: `errors` names every bad field. */
export const badInputResponse = { 400: problemResponse("invalid input: `errors` names every bad field") };
/** The 401 of an admin route. */
export const needsAdminResponse = { 401: problemResponse("missing, wrong or revoked token") };
/** An answer that is an HTML page (the pages behind emailed links, the no-JavaScript forms' answers). */
export const htmlResponse = (description: string) => ({
  description,
  content: { "text/html": { schema: z.string() } },
});

/** The `content` of a JSON answer or body. */
export const jsonContent = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
/** A JSON answer. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: jsonContent(schema),
});
const Html = z.string().describe("an HTML page");
/** JSON for `Accept: application/json`, an HTML page for a browser. */
export const jsonOrPageResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema }, "text/html": { schema: Html } },
});
/** A problem+json for a JSON client, an HTML page for a browser's form post or link. */
export const problemOrPageResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem }, "text/html": { schema: Html } },
});
/** A file download (text/csv, application/atom+xml…). */
export const fileResponse = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string() } },
});

/** The query of a page behind an emailed link: `?token=` as mailed (none: the page says the link does not work). */
export const LinkTokenQuery = z.object({ token: z.string().optional().describe("the token of the emailed link") });
/**
 * The body of the button on a page behind an emailed link: its form (or JSON from a script) carries the token
 * (`linkToken` also takes `?token=`). Documented for routes that read it themselves (`readsBody: "handler"`).
 */
export function linkTokenBody<T extends z.ZodObject>(extra?: T) {
  const schema = z.object({ token: z.string().describe("the token of the emailed link") }).extend(extra?.shape ?? {});
  return {
    content: {
      "application/x-www-form-urlencoded": { schema },
      "application/json": { schema },
    },
  };
}

/**
 * A page behind an emailed link, GET: what its button will do, changing nothing (`?token=` as mailed). Answers the
 * page (200) or that the link does not work (400), both HTML; `responses` adds or overrides.
 */
export function linkPageRoute<P extends string>(route: {
  path: P;
  operationId: string;
  summary: string;
  responses?: Record<number, ReturnType<typeof htmlResponse>>;
}) {
  return createRoute({
    method: "get",
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    request: { query: LinkTokenQuery },
    responses: {
      200: htmlResponse("the page, with its button"),
      400: htmlResponse("the link is expired, used or not valid"),
      ...route.responses,
    },
  });
}

/**
 * The button of a page behind an emailed link, POST: acts once, with the token from the form (or JSON, or
 * `?token=`, as `linkToken` reads it). `extra`: more fields of the form, documented.
 */
export function linkActionRoute<P extends string>(route: {
  path: P;
  operationId: string;
  summary: string;
  responses?: Record<number, { description: string; content?: Record<string, { schema: z.ZodType }> }>;
  extra?: z.ZodObject;
}) {
  return createRoute({
    method: "post",
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    readsBody: "handler" as const,
    request: { query: LinkTokenQuery, body: linkTokenBody(route.extra) },
    responses: {
      200: htmlResponse("done"),
      400: htmlResponse("the link is expired, used or not valid"),
      ...route.responses,
    },
  });
}
