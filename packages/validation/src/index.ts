export * from "./address.ts";
export * from "./comment.ts";
export * from "./fields.ts";
export * from "./newsletter.ts";
export * from "./page-uri.ts";
export * from "./pagination.ts";
export * from "./problem.ts";
export * from "./report-reasons.ts";
export { cleanText, optional } from "./text.ts";
