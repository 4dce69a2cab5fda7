import { defineConfig } from "vitest/config";

// isolate: false — the test files share one module graph instead of importing it again each (see
// vitest.engines.ts at the root: no test leaves process-wide state behind).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    isolate: false,
    setupFiles: ["../kit/testing/cleanup.setup.ts"], // closes what each test opened (afterThisTest)
  },
});
