import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { Id, NewTopic, TopicEdit } from "@parlor/validation";
import { Hono } from "hono";
import { TopicNotFound } from "./topic.errors.ts";
import type { TopicService } from "./topic.service.ts";

/** The operator's topics under `/v1/admin/newsletter/topics` (the admin guard in app.ts runs first). */
export function topicRoutes(deps: { topics: TopicService }) {
  const { topics } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new TopicNotFound(raw);
    return raw;
  };

  app.get("/v1/admin/newsletter/topics", async (c) => c.json(await topics.list()));

  app.post("/v1/admin/newsletter/topics", async (c) => {
    const input = parseInput(NewTopic, (await readBody(c)).data);
    return c.json(await topics.create(input), 201);
  });

  app.patch("/v1/admin/newsletter/topics/:id", async (c) => {
    const input = parseInput(TopicEdit, (await readBody(c)).data);
    return c.json(await topics.edit(idOf(c.req.param("id")), input));
  });

  return app;
}
