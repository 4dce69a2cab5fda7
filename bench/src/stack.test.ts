import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, serviceCommand, shippedNodeFlags } from "./stack.ts";

// The bench measures what operators run: the bundle, started with the flags of the service's systemd unit, which
// its image's CMD must repeat.
describe.each(["comments", "newsletter"] as const)("%s as shipped", (service) => {
  it("is started the same way by its systemd unit, its image and the bench", () => {
    const flags = shippedNodeFlags(service);
    const dockerfile = readFileSync(join(REPO_ROOT, "infra", "docker", `${service}.Dockerfile`), "utf8");
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? "[]") as string[];
    expect(cmd).toEqual(["node", ...flags, "dist/main.mjs"]);
    const { command } = serviceCommand(service);
    if (command.at(-1)?.endsWith("main.mjs")) expect(command.slice(-flags.length - 1, -1)).toEqual(flags);
  });
});
