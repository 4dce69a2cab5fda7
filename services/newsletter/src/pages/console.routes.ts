import { mountConsole } from "@parlor/widget";
import { Hono } from "hono";

/**
 * `/newsletter/admin`: the moderators' and editors' console, the one console app of both services
 * (packages/widget); a page that talks only to the admin API. Its bundle is served with the widget's assets.
 */
export function consoleRoutes() {
  const app = new Hono();
  mountConsole(app, { prefix: "/newsletter" });
  return app;
}
