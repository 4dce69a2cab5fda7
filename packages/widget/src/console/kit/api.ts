import { call } from "../../browser/api.ts";

/** An answer that is not a success, as a person reads it: the problem's title and detail, and each bad field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
    readonly status = 0,
  ) {
    super(message);
  }
}

/** The token was refused: the console signs out and says so. */
export class Unauthorized extends Error {}

export interface Request {
  method: string;
  path: string;
  body?: unknown;
}

function problem(
  status: number,
  data: unknown,
  errors: { path: string; message: string }[],
  retryAfter: number | null,
) {
  const body = data as { title?: unknown; detail?: unknown } | null;
  const title = typeof body?.title === "string" ? body.title : null;
  const detail = typeof body?.detail === "string" && body.detail !== title ? body.detail : null;
  const message = title ? `${title}${detail ? `: ${detail}` : ""}` : `The server answered ${status}.`;
  const details = errors.map((e) => `${e.path || "request"}: ${e.message}`);
  if (status === 429) details.push(`Try again in ${retryAfter ?? "a few"} seconds.`);
  return new ApiError(message, details, status);
}

/**
 * The admin API with the signed-in token. `json` throws ApiError for an error answer, Unauthorized for 401 and
 * an ApiError with status 0 when the server could not be reached, so each view handles failures in one place.
 */
export function createApi(token: () => string | null) {
  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await call<T>(path, { method, body, token: token() ?? "" });
    if (answer.status === 0) throw new ApiError("Could not reach the server. Check the connection and try again.");
    if (answer.status === 401) throw new Unauthorized();
    if (answer.status < 200 || answer.status > 299)
      throw problem(answer.status, answer.data, answer.errors, answer.retryAfter);
    return answer.data;
  }

  /** A request whose body or answer is not JSON (CSV export and import). */
  async function raw(method: string, path: string, body?: string, type = "text/csv"): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token() ?? ""}`, ...(body === undefined ? {} : { "Content-Type": type }) },
        body,
        credentials: "omit",
        cache: "no-store",
      });
    } catch {
      throw new ApiError("Could not reach the server. Check the connection and try again.");
    }
    if (res.status === 401) throw new Unauthorized();
    if (!res.ok) {
      const data = /json/.test(res.headers.get("content-type") ?? "") ? await res.json().catch(() => null) : null;
      const errors = Array.isArray(data?.errors) ? data.errors : [];
      throw problem(res.status, data, errors, Number(res.headers.get("retry-after")) || null);
    }
    return res;
  }

  /**
   * Sends requests that must outlive the page (decisions still held when the tab closes): `keepalive` lets the
   * browser finish them after the page is gone.
   */
  function beacon(requests: Request[]) {
    for (const r of requests) {
      void fetch(r.path, {
        method: r.method,
        headers: {
          Authorization: `Bearer ${token() ?? ""}`,
          Accept: "application/json",
          ...(r.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        credentials: "omit",
        keepalive: true,
      }).catch(() => {});
    }
  }

  return { json, raw, beacon };
}
export type Api = ReturnType<typeof createApi>;
