// @parlor/kit/moderators: named moderators' tokens, the same in both services: the table, the store, who acts
// on a request, the owner's routes (which describe themselves in the OpenAPI document).
export * from "./moderator.routes.ts";
export * from "./moderators.ts";
