import { Problem } from "@parlor/validation";
import { z } from "zod";

// How the newsletter's route declarations describe their answers, beside the kit's problemResponse and htmlResponse.

/** A JSON answer. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

const Html = z.string().describe("an HTML page");

/** JSON for `Accept: application/json`, an HTML page for a browser. */
export const jsonOrPageResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema }, "text/html": { schema: Html } },
});

/** A problem+json for a JSON client, an HTML page for a browser's form post or link. */
export const problemOrPageResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem }, "text/html": { schema: Html } },
});

/** A file download (text/csv, application/atom+xml…). */
export const fileResponse = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string() } },
});
