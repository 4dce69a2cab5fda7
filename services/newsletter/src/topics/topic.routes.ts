import { createRoute } from "@hono/zod-openapi";
import {
  addRoute,
  badInputResponse,
  jsonResponse,
  needsAdminResponse,
  problemResponse,
  routes,
} from "@parlor/kit/http";
import { Id, NewTopic, TopicEdit } from "@parlor/validation";
import { z } from "zod";
import { TopicNotFound } from "./topic.errors.ts";
import { Topic, TopicList } from "./topic.schemas.ts";
import type { TopicService } from "./topic.service.ts";

const listTopics = createRoute({
  method: "get",
  path: "/v1/admin/newsletter/topics",
  operationId: "listTopics",
  summary: "Every topic, with how many active subscribers follow it (`everyTopic`: those who follow them all).",
  responses: { 200: jsonResponse("topics", TopicList), ...needsAdminResponse },
});

const createTopic = createRoute({
  method: "post",
  path: "/v1/admin/newsletter/topics",
  operationId: "createTopic",
  summary:
    "Define a topic. Subscribers who chose no topic follow it at once; the slug names it in forms, CSV files and issues.",
  request: { body: { content: { "application/json": { schema: NewTopic } } } },
  responses: {
    201: jsonResponse("the topic", Topic),
    ...badInputResponse,
    ...needsAdminResponse,
    409: problemResponse("the slug is taken"),
  },
});

const editTopic = createRoute({
  method: "patch",
  path: "/v1/admin/newsletter/topics/{id}",
  operationId: "editTopic",
  summary: "Rename a topic or change its description (the slug stays).",
  request: {
    params: z.object({ id: z.string() }),
    body: { content: { "application/json": { schema: TopicEdit } } },
  },
  responses: {
    200: jsonResponse("the topic", Topic),
    ...badInputResponse,
    ...needsAdminResponse,
    404: problemResponse("no such topic"),
  },
});

/** The operator's topics under `/v1/admin/newsletter/topics` (the admin guard in app.ts runs first). */
export function topicRoutes(deps: { topics: TopicService }) {
  const { topics } = deps;
  const app = routes();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new TopicNotFound(raw);
    return raw;
  };
  addRoute(app, listTopics, async (c) => c.json(await topics.list(), 200));
  addRoute(app, createTopic, async (c) => c.json(await topics.create(c.req.valid("json")), 201));
  addRoute(app, editTopic, async (c) =>
    c.json(await topics.edit(idOf(c.req.valid("param").id), c.req.valid("json")), 200),
  );
  return app;
}
