// @parlor/kit/config: configuration by prefix (PREFIX_NAME, NAME, .env, default), the shared fields, paths.
export * from "./config.ts";
export * as configFields from "./fields.ts";
export * from "./public-url.ts";
