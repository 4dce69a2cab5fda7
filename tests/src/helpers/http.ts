import { request } from "node:http";
import { ADMIN_TOKEN } from "./env.ts";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request with node:http, which (unlike fetch) can choose the client's own address: Linux answers on
 * all of 127.0.0.0/8, so `localAddress: "127.0.0.7"` is a second reader on the same machine. Never follows
 * redirects.
 */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers, localAddress: options.localAddress },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (s: string) => {
          text += s;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A browser-like form post (urlencoded, asking for HTML), from `localAddress` when given. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  localAddress?: string,
  headers: Record<string, string> = {},
) {
  return httpRequest(url, {
    method: "POST",
    localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** fetch with the moderators' bearer token. */
export function asModerator(url: string, init: RequestInit = {}, token = ADMIN_TOKEN) {
  return fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
}

export interface ThreadComment {
  id: string;
  html: string;
  author: { name: string; website: string | null };
  replies: ThreadComment[];
}

/** The public thread of a page. */
export async function readThread(base: string, uri: string): Promise<{ total: number; comments: ThreadComment[] }> {
  const res = await fetch(`${base}/v1/comments?uri=${encodeURIComponent(uri)}`);
  if (res.status !== 200) throw new Error(`GET thread: ${res.status} ${await res.text()}`);
  return (await res.json()) as { total: number; comments: ThreadComment[] };
}

/** Approves every pending comment whose body contains `text`; returns how many. */
export async function approveWhere(base: string, text: string): Promise<number> {
  const res = await asModerator(`${base}/v1/admin/comments?status=pending&limit=100`);
  if (res.status !== 200) throw new Error(`GET queue: ${res.status} ${await res.text()}`);
  const { comments } = (await res.json()) as { comments: { id: string; html: string }[] };
  const mine = comments.filter((c) => c.html.includes(text));
  for (const c of mine) {
    const ok = await asModerator(`${base}/v1/admin/comments/${c.id}/approve`, { method: "POST" });
    if (ok.status !== 200) throw new Error(`approve ${c.id}: ${ok.status} ${await ok.text()}`);
  }
  return mine.length;
}
