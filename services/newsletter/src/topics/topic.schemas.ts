import { z } from "zod";

/** A topic as the admin API shows it. */
export const Topic = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  subscribers: z
    .number()
    .int()
    .describe("active subscribers who follow it: those who chose it and those who follow every topic"),
});
export type Topic = z.infer<typeof Topic>;

/** `GET /v1/admin/newsletter/topics`. */
export const TopicList = z.object({ topics: z.array(Topic), everyTopic: z.number().int() });
