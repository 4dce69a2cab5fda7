import { Problem } from "@parlor/validation";

// The answers every route documents the same way.

/** An error answer of a route declared with `createRoute`: problem+json, saying when it happens. */
export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
/** The 400 of a route that validates input: `errors` names every bad field. */
export const badInputResponse = { 400: problemResponse("invalid input: `errors` names every bad field") };
/** The 401 of an admin route. */
export const needsAdminResponse = { 401: problemResponse("missing, wrong or revoked token") };

// The same, for the hand-written `RouteDoc` lists not yet moved to `createRoute`.
export const problemDoc = (description: string) => ({ description, schema: Problem });
export const badInput = { 400: problemDoc("invalid input: `errors` names every bad field") };
export const needsAdmin = { 401: problemDoc("missing, wrong or revoked token") };
