import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import { type FieldError, toFieldErrors } from "@parlor/validation";
import type { Context, MiddlewareHandler } from "hono";
import { getQueryParam, getQueryParams } from "hono/utils/url";
import type { z } from "zod";
import { InvalidInput } from "../core/errors.ts";
import { type ReadBody, readBody } from "./body.ts";
import type { RequestVars } from "./request-log.ts";

export type ServiceEnv = { Variables: RequestVars };
/** A route file's app: a Hono app whose routes carry their OpenAPI description (@hono/zod-openapi). */
export type Routes = OpenAPIHono<ServiceEnv>;

/** A route as declared with `createRoute`: every route names its operation and says what it does. */
export type ServiceRoute = RouteConfig & { operationId: string; summary: string };

/** A failure of @hono/zod-openapi's own validators (`app.openapi(…)`) takes the kit's road too: the contract's 400. */
const defaultHook = (result: { success: boolean; error?: { issues: z.core.$ZodIssue[] } }) => {
  if (!result.success && result.error) throw new InvalidInput(toFieldErrors(result.error.issues));
};

/** A route file's app. Mounted with `app.route("/", …)`, its routes join the service's document. */
export function routes(): Routes {
  return new OpenAPIHono<ServiceEnv>({ defaultHook });
}

/**
 * Declares a route: its description joins the document, and the same zod schemas validate the request before the
 * handler runs (`c.req.valid("query" | "param" | "json")`). A failure is the contract's problem+json 400 naming every
 * bad field of the path, the query and the body together.
 *
 * Bodies are read by the kit's `readBody`, as before: JSON (`application/json`, `application/*+json`), an empty body
 * with no type as `{}`, and, when the route lists `application/x-www-form-urlencoded` or `multipart/form-data`, an
 * HTML form; anything else is a 415 naming what the route takes. A route whose handler reads its own body (a form
 * post answered with an HTML page) says `readsBody: "handler"`: the body is documented, not validated here.
 */
export function addRoute<R extends ServiceRoute>(
  app: Routes,
  route: R & { readsBody?: "handler" },
  handler: RouteHandler<R, ServiceEnv>,
) {
  const { readsBody, middleware, ...documented } = route;
  app.openAPIRegistry.registerPath(documented);
  const before = middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];
  const check = requestValidator(route, readsBody !== "handler");
  const run = handler as unknown as MiddlewareHandler;
  // One handler, not a validating middleware before it: Hono calls a lone handler without composing a chain.
  const validated: MiddlewareHandler = check
    ? (c, next) => {
        const checking = check(c);
        return checking ? checking.then(() => run(c, next)) : run(c, next);
      }
    : run;
  app.on(
    [route.method.toUpperCase()],
    [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")],
    ...(before as MiddlewareHandler[]),
    validated,
  );
  return app;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function requestValidator(route: RouteConfig, withBody: boolean): ((c: Context) => void | Promise<void>) | null {
  const params = route.request?.params as z.ZodType | undefined;
  const query = route.request?.query as z.ZodObject | undefined;
  const content = ((withBody ? route.request?.body?.content : undefined) ?? {}) as Record<string, { schema?: unknown }>;
  const jsonSchema = content["application/json"]?.schema as z.ZodType | undefined;
  const formType = FORM_TYPES.find((t) => content[t]);
  const formSchema = formType ? (content[formType]?.schema as z.ZodType | undefined) : undefined;
  if (!params && !query && !jsonSchema && !formSchema) return null;
  const readQuery = query ? queryReader(query) : null;

  // Runs on every request of its route (the thread read among them): synchronous unless there is a body to read, and
  // no allocation beyond the parse on success.
  const check = (c: Context, body: ReadBody | null) => {
    let errors: FieldError[] | null = null;
    const take = (target: "param" | "query" | "json" | "form", schema: z.ZodType, data: unknown) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        errors ??= [];
        errors.push(...toFieldErrors(parsed.error.issues));
        return;
      }
      c.req.addValidatedData(target, parsed.data as object);
      // A form post reads as `c.req.valid("json")` too: the handler need not ask which it was.
      if (target === "form") c.req.addValidatedData("json", parsed.data as object);
    };
    if (params) take("param", params, c.req.param());
    if (query && readQuery) take("query", query, readQuery(c.req.url));
    if (body) {
      const schema = (body.isForm ? formSchema : jsonSchema) ?? formSchema ?? jsonSchema;
      take(body.isForm ? "form" : "json", schema as z.ZodType, body.data);
    }
    if (errors) throw new InvalidInput(errors);
  };
  if (jsonSchema || formSchema) return async (c) => check(c, await readBody(c, { forms: formSchema !== undefined }));
  if (params || !query) return (c) => check(c, null);
  // A query alone (the thread read, counts): checked by checkedQuery, which keeps each query string's value.
  const checkQuery = checkedQuery(query);
  return (c) => {
    const checked = checkQuery(c.req.url);
    if ("errors" in checked) throw new InvalidInput(checked.errors);
    c.req.addValidatedData("query", checked.value);
  };
}

/**
 * The fields of `schema` read from a URL's query string the way Hono's `c.req.query()` reads them (its own functions):
 * fields that take a list (`?uri=a&uri=b`) every value, the others the first.
 */
function queryReader(schema: z.ZodObject): (url: string) => unknown {
  const keys = Object.keys(schema.shape);
  const lists = new Set(keys.filter((k) => acceptsList(schema.shape[k] as z.ZodType)));
  return (url) => {
    if (lists.size === 0) return getQueryParam(url);
    // Only the schema's own fields: a list of 20 pages is parsed once, not once for the object and again for the list.
    const data: Record<string, unknown> = {};
    for (const k of keys) data[k] = lists.has(k) ? (getQueryParams(url, k) ?? []) : getQueryParam(url, k);
    return data;
  };
}

/**
 * A route's query, checked against its schema: the value (frozen: requests share it) or the contract's field
 * errors. A site's pages ask the same few query strings over and over (the thread read, counts), and the value
 * depends on the query string alone, so each one's value is kept, the last 500: the same `?uri=…` is not parsed
 * and validated again. `url` is the request's whole URL, as `c.req.url` gives it.
 */
export function checkedQuery(schema: z.ZodObject): (url: string) => { value: object } | { errors: FieldError[] } {
  const read = queryReader(schema);
  const kept = new Map<string, { value: object }>();
  return (url) => {
    const at = url.indexOf("?");
    const raw = at === -1 ? "" : url.slice(at + 1);
    const hit = kept.get(raw);
    if (hit) return hit;
    const parsed = schema.safeParse(read(url));
    if (!parsed.success) return { errors: toFieldErrors(parsed.error.issues) };
    const checked = { value: frozen(parsed.data as object) };
    if (kept.size >= 500) kept.delete(kept.keys().next().value as string);
    kept.set(raw, checked);
    return checked;
  };
}

function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function acceptsList(schema: z.ZodType): boolean {
  let s = schema as unknown as { def: { type: string; innerType?: unknown; in?: unknown } };
  while (s.def.innerType || (s.def.type === "pipe" && s.def.in)) s = (s.def.innerType ?? s.def.in) as typeof s;
  return s.def.type === "array";
}
