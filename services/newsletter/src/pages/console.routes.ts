import { mountConsole } from "@parlor/widget";
import { Hono } from "hono";

/**
 * `/newsletter/admin`: the moderators' and editors' console, the one console app of both services
 * (packages/widget); a page that talks only to the admin API. Its bundle is served with the widget's assets.
 */
/** `imageOrigins`: IMAGE_ORIGINS, where the images the console shows may come from. */
export function consoleRoutes(imageOrigins: readonly string[]) {
  const app = new Hono();
  mountConsole(app, { prefix: "/newsletter", imageOrigins });
  return app;
}
