// A vitest setup file: it runs again before every test file, even without isolation, so each file gets this hook
// (see afterThisTest in ./index.ts).
import { afterEach } from "vitest";
import { runCleanups } from "./index.ts";

afterEach(runCleanups);
