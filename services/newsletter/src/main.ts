import { runService } from "@parlor/kit/service";
import { createApp } from "./app.ts";
import { loadRuntime } from "./config.ts";
import { startJobs } from "./jobs.ts";
import { createServices } from "./services.ts";
import { prepareStore } from "./setup.ts";

// The runner: the only file that reads the environment (through loadRuntime), opens files and sockets, and
// handles signals, all in the kit's runService, the same start-up for both services.
await runService({
  name: "newsletter",
  runtime: loadRuntime(),
  prepare: (db, config) => prepareStore(db, config.ADMIN_TOKEN, config.WEBHOOK_TOKEN),
  createServices,
  createApp,
  startJobs,
});
