import { CONSOLE_CSP, mountConsole } from "@parlor/widget";
import { Hono } from "hono";

export { CONSOLE_CSP };

/**
 * The moderators' console at `/comments/admin`: the one console app of both services (packages/widget), a page
 * that needs no token to load and holds no comment data. Its bundle is served with the widget's assets.
 */
/** `imageOrigins`: IMAGE_ORIGINS, where the images the console shows may come from. */
export function consoleRoutes(imageOrigins: readonly string[]) {
  const app = new Hono();
  mountConsole(app, { prefix: "/comments", imageOrigins });
  return app;
}
