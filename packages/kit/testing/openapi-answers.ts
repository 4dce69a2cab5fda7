import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// The live-answer check: a service's real answers held against its own OpenAPI document, read the way an integrator's
// tools read it. The schemas are compiled by ajv from the JSON document itself (never from the zod schemas it was
// generated from), so a document that says less or other than the code does shows up here.

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const DOC_ID = "urn:parlor:openapi";

interface Operation {
  method: string;
  path: string;
  segments: string[];
  pointer: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read as plain JSON
type Doc = any;

/**
 * Checks real answers against an OpenAPI document (3.0 with `nullable`, or 3.1 / JSON Schema 2020-12), as served at
 * `/openapi.json`: the operation for the method and path must exist, the status must be documented for it (or a
 * `default`), the content type must be one it documents (no body where it documents none), and a JSON body must
 * match the documented schema (`$ref`s into `components` resolved, formats checked by ajv-formats). It also counts
 * which operations were exercised, so a test can fail when a documented operation was never called.
 *
 *   const answers = answerChecker(await (await app.request("/openapi.json")).json());
 *   expect(await answers.check("GET", "/v1/issues", await app.request("/v1/issues"))).toEqual([]);
 *   expect(answers.unexercised()).toEqual([]);
 */
export function answerChecker(doc: Doc) {
  const version = String(doc?.openapi ?? "");
  if (!/^3\.[01]\./.test(version)) throw new Error(`not an OpenAPI 3.0 or 3.1 document: openapi=${version}`);
  const options = { allErrors: true, strict: false, validateSchema: false } as const;
  // 3.1 schemas are JSON Schema 2020-12; 3.0's are draft-04-like with `nullable`, which ajv's default draft honours.
  const ajv = version.startsWith("3.1") ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  const copy = structuredClone(doc);
  if (version.startsWith("3.0")) downgradeExclusiveBounds(copy);
  ajv.addSchema(copy, DOC_ID);

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {}))
    for (const method of METHODS)
      if (item?.[method])
        operations.push({
          method: method.toUpperCase(),
          path,
          segments: path.split("/"),
          pointer: `/paths/${escapePointer(path)}/${method}`,
          responses: item[method].responses ?? {},
        });
  const seen = new Map<Operation, Set<string>>();
  const compiled = new Map<string, ValidateFunction>();
  const validator = (pointer: string) => {
    let v = compiled.get(pointer);
    if (!v) {
      v = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      compiled.set(pointer, v);
    }
    return v;
  };

  return {
    /** The documented operations, as `GET /v1/issues/{slug}`. */
    operations: () => operations.map(name),

    /** The operation a request reaches (the most literal path template wins), or null. */
    operationFor(method: string, url: string) {
      const op = find(operations, method, url);
      return op ? name(op) : null;
    },

    /**
     * What is wrong with this answer to `method url` (a path or a full URL), as readable lines; empty when it
     * matches the document. The response's body is read from a clone, so the caller may still read it.
     */
    async check(method: string, url: string, res: Response): Promise<string[]> {
      const op = find(operations, method, url);
      const where = `${method.toUpperCase()} ${pathOf(url)} → ${res.status}`;
      if (!op) return [`${where}: no documented operation for this method and path`];
      if (!seen.has(op)) seen.set(op, new Set());
      seen.get(op)?.add(String(res.status));
      const key =
        String(res.status) in op.responses ? String(res.status) : "default" in op.responses ? "default" : null;
      if (!key) return [`${where}: status ${res.status} is not documented for ${name(op)}`];
      const body = await res.clone().text();
      const type = res.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? null;
      const content = op.responses[key]?.content ?? {};
      const media = Object.keys(content);
      if (media.length === 0)
        return body === "" ? [] : [`${where}: a body (${type ?? "no content type"}) where ${name(op)} documents none`];
      if (!type) return [`${where}: no content type; documented: ${media.join(", ")}`];
      const match = [type, `${type.split("/")[0]}/*`, "*/*"].find((m) => m in content);
      if (!match) return [`${where}: content type ${type} is not documented (documented: ${media.join(", ")})`];
      if (!("schema" in (content[match] ?? {})) || !/^application\/([\w.-]+\+)?json$/.test(type)) return [];
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        return [`${where}: ${type} body is not JSON: ${body.slice(0, 80)}`];
      }
      const validate = validator(`${op.pointer}/responses/${key}/content/${escapePointer(match)}/schema`);
      if (validate(data)) return [];
      return (validate.errors ?? []).map((e) => `${where}: ${describe(e)}`);
    },

    /** Documented operations no check has reached yet, as `POST /v1/subscriptions`. */
    unexercised: () => operations.filter((op) => !seen.has(op)).map(name),

    /** Each exercised operation with the statuses seen, e.g. `{"POST /v1/subscriptions": ["202", "400"]}`. */
    exercised: () => Object.fromEntries([...seen].map(([op, statuses]) => [name(op), [...statuses].sort()])),
  };
}

const name = (op: Operation) => `${op.method} ${op.path}`;
const escapePointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
const pathOf = (url: string) => new URL(url, "http://x").pathname;

function find(operations: Operation[], method: string, url: string) {
  const parts = pathOf(url).split("/");
  let best: Operation | null = null;
  let bestParams = Number.POSITIVE_INFINITY;
  for (const op of operations) {
    if (op.method !== method.toUpperCase() || op.segments.length !== parts.length) continue;
    let params = 0;
    const fits = op.segments.every((s, i) => {
      if (!/^\{[^}]+\}$/.test(s)) return s === parts[i];
      params++;
      return parts[i] !== "";
    });
    if (fits && params < bestParams) [best, bestParams] = [op, params];
  }
  return best;
}

function describe(e: ErrorObject) {
  const at = e.instancePath || "(body)";
  const extra =
    e.keyword === "additionalProperties"
      ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
      : e.keyword === "enum"
        ? ` (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})`
        : "";
  return `${at} ${e.message}${extra}`;
}

// OpenAPI 3.0 keeps draft-04's boolean exclusiveMinimum/exclusiveMaximum beside minimum/maximum; ajv reads the
// numeric form of later drafts.
function downgradeExclusiveBounds(node: unknown): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const v of node) downgradeExclusiveBounds(v);
    return;
  }
  const o = node as Record<string, unknown>;
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof o[flag] === "boolean") {
      if (o[flag] && typeof o[bound] === "number") [o[flag], o[bound]] = [o[bound], undefined];
      else delete o[flag];
      if (o[bound] === undefined) delete o[bound];
    }
  }
  for (const v of Object.values(o)) downgradeExclusiveBounds(v);
}

/** A test app as both services' test helpers make one: a call answered as a fetch `Response`. */
interface CallingApp {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Response | Promise<Response>;
}

/**
 * The calls of a live-answer test: the served document fetched once; each call's answer held against it and its
 * status compared with the one expected (`go`); `admin` adds the bearer token, `form` posts urlencoded fields.
 * `outcome()` gives what went wrong: statuses other than expected, answers the document does not describe, and the
 * documented operations never called.
 */
export async function liveAnswers(app: CallingApp, adminToken: string) {
  const answers = answerChecker(await (await app.call("GET", "/openapi.json")).json());
  const problems: string[] = [];
  const statuses: string[] = [];
  /** An answer got some other way (a multipart body, say), held against the document all the same. */
  const check = async (method: string, path: string, res: Response) => {
    problems.push(...(await answers.check(method, path, res)));
  };
  const go = async (
    expected: number,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.call(method, path, body, headers);
    await check(method, path, res);
    if (res.status !== expected) statuses.push(`${method} ${path}: ${res.status}, expected ${expected}`);
    return res;
  };
  const admin = (expected: number, method: string, path: string, body?: unknown, headers = {}) =>
    go(expected, method, path, body, { Authorization: `Bearer ${adminToken}`, ...headers });
  const form = (expected: number, path: string, fields: Record<string, string>, headers = {}) =>
    go(expected, "POST", path, new URLSearchParams(fields).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    });
  const outcome = () => ({ statuses, problems, unexercised: answers.unexercised() });
  return { go, admin, form, check, outcome };
}
