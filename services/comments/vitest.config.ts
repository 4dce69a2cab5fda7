import { defineConfig } from "vitest/config";
import { engineProjects } from "../../vitest.engines.ts";

export default defineConfig({ test: { projects: engineProjects("comments") } });
