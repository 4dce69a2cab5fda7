import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import { type FieldError, toFieldErrors } from "@parlor/validation";
import type { Context, MiddlewareHandler } from "hono";
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
  // Query fields that take a list (`?uri=a&uri=b`) read every value; the others the first, as `c.req.query()`.
  const keys = query ? Object.keys(query.shape) : [];
  const lists = new Set(keys.filter((k) => acceptsList((query as z.ZodObject).shape[k] as z.ZodType)));
  const readQuery = (c: Context): unknown => {
    if (lists.size === 0) return c.req.query();
    // Only the schema's own fields: a list of 20 pages is parsed once, not once for the object and again for the list.
    const data: Record<string, unknown> = {};
    for (const k of keys) data[k] = lists.has(k) ? (c.req.queries(k) ?? []) : c.req.query(k);
    return data;
  };

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
    if (query) take("query", query, readQuery(c));
    if (body) {
      const schema = (body.isForm ? formSchema : jsonSchema) ?? formSchema ?? jsonSchema;
      take(body.isForm ? "form" : "json", schema as z.ZodType, body.data);
    }
    if (errors) throw new InvalidInput(errors);
  };
  if (jsonSchema || formSchema) return async (c) => check(c, await readBody(c, { forms: formSchema !== undefined }));
  if (params || !query) return (c) => check(c, null);
  // A query alone (the thread read, counts): its checked value depends on the query string only, and a site's pages
  // ask the same few over and over, so each one's value is kept (frozen: requests share it), the last few hundred.
  const checked = new Map<string, object>();
  return (c) => {
    const url = c.req.url;
    const at = url.indexOf("?");
    const raw = at === -1 ? "" : url.slice(at + 1);
    const kept = checked.get(raw);
    if (kept) {
      c.req.addValidatedData("query", kept);
      return;
    }
    check(c, null);
    if (checked.size >= 500) checked.delete(checked.keys().next().value as string);
    checked.set(raw, frozen((c.req as unknown as { valid(t: "query"): object }).valid("query")));
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
