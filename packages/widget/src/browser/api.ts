export interface FieldError {
  path: string;
  message: string;
}

/** What the API answered: the status, the JSON body (or null) and, for 429/503, how long to wait. */
export interface Answer<T> {
  status: number;
  data: T;
  errors: FieldError[];
  retryAfter: number | null;
}

let language = "";

/** The language the boxes speak, sent with every write as Accept-Language: the service mails the reader in it. */
export function speak(locale: string) {
  language = locale;
}

/**
 * A JSON request to the API. Never throws for an HTTP status; a network failure (service down, offline)
 * answers status 0, so every caller handles "did not arrive" in one place.
 */
export async function call<T>(
  url: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined && language) headers["Accept-Language"] = language;
  let res: Response;
  // The first page of a thread may already be on its way: the loader asks for it while the bundle downloads.
  const early = !init.method && init.body === undefined && !init.token ? takeEarly(url) : undefined;
  try {
    res = await (early ?? fetch)(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "omit", // no cookies, either way
    });
  } catch {
    return { status: 0, data: null as T, errors: [], retryAfter: null };
  }
  let data: unknown = null;
  if (/json/.test(res.headers.get("content-type") ?? "")) data = await res.json().catch(() => null);
  const problem = data as { errors?: unknown } | null;
  const errors = Array.isArray(problem?.errors)
    ? (problem.errors as FieldError[]).filter((e) => typeof e?.path === "string" && typeof e.message === "string")
    : [];
  const wait = Number(res.headers.get("retry-after"));
  return { status: res.status, data: data as T, errors, retryAfter: Number.isFinite(wait) && wait > 0 ? wait : null };
}

/**
 * A GET the loader started for `url` (window.parlorWidget.early), handed out once; if it failed to arrive, the
 * request is made again.
 */
function takeEarly(url: string): typeof fetch | undefined {
  const early = (window as { parlorWidget?: { early?: Record<string, Promise<Response | undefined>> } }).parlorWidget
    ?.early;
  const started = early?.[url];
  if (!started || !early) return undefined;
  delete early[url];
  return (input, init) => started.then((r) => r ?? fetch(input, init));
}

/** The base every API path hangs off: `data-api` when the page sets it, else this origin. */
export function apiBase(root: HTMLElement) {
  return (root.dataset.api ?? "").replace(/\/+$/, "");
}
