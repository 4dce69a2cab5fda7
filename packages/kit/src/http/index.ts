// @parlor/kit/http: the one HTTP shell (middleware order, error road, health, metrics, OpenAPI, security
// headers) and what route files use: body reading and parsing, client addresses, rate limits, admin auth.
export * from "./admin-auth.ts";
export * from "./body.ts";
export * from "./client-address.ts";
export * from "./compression.ts";
export * from "./dot-segments.ts";
export {
  answerWith,
  answerWriteWith,
  type BodyCheck,
  fastPost,
  fastRead,
  type ReadAnswer,
  type ReadAnswerer,
  type WriteAnswer,
  type WriteAnswerer,
  withFastLanes,
} from "./fast-lane.ts";
export * from "./health.ts";
export * from "./locale.ts";
export * from "./openapi.ts";
export * from "./problem.ts";
export * from "./rate-limit.ts";
export * from "./request-log.ts";
export * from "./route-docs.ts";
export * from "./routes.ts";
export * from "./security-headers.ts";
export * from "./server.ts";
export { finishServiceApp, type ServiceApp, type ServiceAppOptions, serviceApp } from "./service-app.ts";
