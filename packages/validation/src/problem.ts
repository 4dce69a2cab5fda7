import { z } from "zod";

/** One bad field of a request: `path` is dotted (`author.email`). */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/**
 * RFC 9457 problem details, as every Parlor error answer carries them (`application/problem+json`). Its `id` makes
 * it one component of the OpenAPI documents (`#/components/schemas/Problem`).
 */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

/** Turns zod issues into the contract's `errors` list, one entry per bad field. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "(body)";
    if (!seen.has(path)) seen.set(path, issue.message);
  }
  return [...seen].map(([path, message]) => ({ path, message }));
}
