import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    setupFiles: ["../kit/testing/cleanup.setup.ts"], // closes what each test opened (afterThisTest)
  },
});
