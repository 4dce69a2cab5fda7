import { Problem } from "@parlor/validation";

// The answers every route documents the same way.
export const problemDoc = (description: string) => ({ description, schema: Problem });
export const badInput = { 400: problemDoc("invalid input: `errors` names every bad field") };
export const needsAdmin = { 401: problemDoc("missing, wrong or revoked token") };
