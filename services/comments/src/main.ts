import { runService } from "@parlor/kit/service";
import { mailDirOf } from "@parlor/mail";
import { createApp } from "./app.ts";
import { loadRuntime, type Runtime } from "./config.ts";
import type { CommentsDb } from "./db/schema.ts";
import { startJobs } from "./jobs.ts";
import { createServices } from "./services.ts";
import { prepareStore } from "./setup.ts";

// The runner: the only file that reads the environment (through loadRuntime), opens files and sockets, and
// handles signals; the kit's runService does it the same way for both services.
await runService<Runtime["config"], CommentsDb, Awaited<ReturnType<typeof prepareStore>>>({
  name: "comments",
  runtime: loadRuntime(),
  prepare: (db, config) => prepareStore(db, config.ADMIN_TOKEN),
  compose(ctx) {
    const services = createServices({ ...ctx, mailDir: mailDirOf(ctx.dataDir) });
    return { app: createApp(services), jobs: () => startJobs(services, ctx) };
  },
});
