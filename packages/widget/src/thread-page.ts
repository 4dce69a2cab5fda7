// Shared by the comments box (the browser bundle) and its loader (written by server/build.ts): the URL of a
// thread's first page must be the same string in both, so the box finds the request its loader already started.

/** Comments per page of the reader's box. */
export const THREAD_PAGE_SIZE = 20;

/** The API URL of one page of a thread, as the comments box asks for it. */
export function threadPageUrl(base: string, uri: string, sort: string, cursor?: string | null) {
  const q = new URLSearchParams({ uri, sort, limit: String(THREAD_PAGE_SIZE) });
  if (cursor) q.set("cursor", cursor);
  return `${base}/v1/comments?${q}`;
}
