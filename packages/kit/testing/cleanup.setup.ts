// A vitest setup file: it runs again before every test file, even without isolation, so each file gets these hooks
// (see afterThisTest in ./index.ts). Registered first, they run before the file's own beforeEach and after its
// afterEach.
import { afterAll, afterEach, beforeEach } from "vitest";
import { runCleanups, runFileCleanups, testStarts } from "./index.ts";

beforeEach(testStarts);
afterEach(runCleanups);
afterAll(runFileCleanups);
