import createClient, { type ClientOptions } from "openapi-fetch";
import type { components as CommentsComponents, paths as CommentsPaths } from "./generated/comments.ts";
import type { components as NewsletterComponents, paths as NewsletterPaths } from "./generated/newsletter.ts";

export type { CommentsComponents, CommentsPaths, NewsletterComponents, NewsletterPaths };

export interface ParlorClientOptions extends ClientOptions {
  /** The admin token or a moderator's token, sent as `Authorization: Bearer …` on every request. */
  token?: string;
}

function options({ token, headers, ...rest }: ParlorClientOptions, baseUrl: string): ClientOptions {
  return {
    baseUrl: baseUrl.replace(/\/$/, ""),
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) },
    ...rest,
  };
}

/**
 * A typed client of the comments service (openapi-fetch over the types generated from its OpenAPI document): paths,
 * parameters, bodies and answers are checked by the compiler.
 *
 *   const comments = commentsClient("https://blog.example");
 *   const { data } = await comments.GET("/v1/comments", { params: { query: { uri: "/blog/sleep" } } });
 *   data?.comments.map((c) => c.author.name);
 */
export function commentsClient(baseUrl: string, opts: ParlorClientOptions = {}) {
  return createClient<CommentsPaths>(options(opts, baseUrl));
}

/**
 * A typed client of the newsletter service (openapi-fetch over the types generated from its OpenAPI document):
 * paths, parameters, bodies and answers are checked by the compiler.
 *
 *   const newsletter = newsletterClient("https://blog.example");
 *   const { data, error, response } = await newsletter.POST("/v1/subscriptions", {
 *     body: { email: "ann@example.com", consent: true },
 *   });
 */
export function newsletterClient(baseUrl: string, opts: ParlorClientOptions = {}) {
  return createClient<NewsletterPaths>(options(opts, baseUrl));
}
