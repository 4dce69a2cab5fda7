import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import { type FieldError, toFieldErrors } from "@parlor/validation";
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import { InvalidInput } from "../core/errors.ts";
import { readBody } from "./body.ts";
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
  app.on(
    [route.method.toUpperCase()],
    [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")],
    ...(before as MiddlewareHandler[]),
    ...(check ? [check] : []),
    handler as unknown as MiddlewareHandler,
  );
  return app;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function requestValidator(route: RouteConfig, withBody: boolean): MiddlewareHandler | null {
  const params = route.request?.params as z.ZodType | undefined;
  const query = route.request?.query as z.ZodObject | undefined;
  const content = ((withBody ? route.request?.body?.content : undefined) ?? {}) as Record<string, { schema?: unknown }>;
  const jsonSchema = content["application/json"]?.schema as z.ZodType | undefined;
  const formType = FORM_TYPES.find((t) => content[t]);
  const formSchema = formType ? (content[formType]?.schema as z.ZodType | undefined) : undefined;
  if (!params && !query && !jsonSchema && !formSchema) return null;
  // Query fields that take a list (`?uri=a&uri=b`) read every value; the others the first, as `c.req.query()`.
  const lists = query ? Object.keys(query.shape).filter((k) => acceptsList(query.shape[k] as z.ZodType)) : [];

  return async (c, next) => {
    const errors: FieldError[] = [];
    const take = (target: "param" | "query" | "json" | "form", schema: z.ZodType, data: unknown) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) return errors.push(...toFieldErrors(parsed.error.issues));
      c.req.addValidatedData(target, parsed.data as object);
      // A form post reads as `c.req.valid("json")` too: the handler need not ask which it was.
      if (target === "form") c.req.addValidatedData("json", parsed.data as object);
    };
    if (params) take("param", params, c.req.param());
    if (query) take("query", query, queryObject(c, lists));
    if (jsonSchema || formSchema) {
      const body = await readBody(c, { forms: formSchema !== undefined });
      const schema = (body.isForm ? formSchema : jsonSchema) ?? formSchema ?? jsonSchema;
      take(body.isForm ? "form" : "json", schema as z.ZodType, body.data);
    }
    if (errors.length > 0) throw new InvalidInput(errors);
    await next();
  };
}

function queryObject(c: Context, lists: string[]) {
  const one = c.req.query();
  if (lists.length === 0) return one;
  const all: Record<string, unknown> = { ...one };
  for (const k of lists) all[k] = c.req.queries(k) ?? [];
  return all;
}

function acceptsList(schema: z.ZodType): boolean {
  let s = schema as unknown as { def: { type: string; innerType?: unknown; in?: unknown } };
  while (s.def.innerType || (s.def.type === "pipe" && s.def.in)) s = (s.def.innerType ?? s.def.in) as typeof s;
  return s.def.type === "array";
}
