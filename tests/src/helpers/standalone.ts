import { spawnSync } from "node:child_process";
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT, tempDir } from "./env.ts";

const built = new Map<string, Promise<{ node: string; args: string[]; cwd: string }>>();

/**
 * A service as a standalone copy (`scripts/bundle-service.mjs --out`: the bundle, and under its node_modules what
 * it still reads at run time) in a temporary folder every user can read, run by plain node. For a test that
 * runs a service as another user (`nobody`), who may not be able to enter the folder the checkout is in (a
 * clone in root's home is in a 0700 folder). Built once per service and test file; removed by removeTempDirs().
 */
export function standaloneService(serviceDir: string) {
  let build = built.get(serviceDir);
  if (!build) {
    build = (async () => {
      const dir = await tempDir("standalone");
      await chmod(dir, 0o755);
      const r = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "bundle-service.mjs"), "--out", dir], {
        cwd: serviceDir,
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`bundling ${serviceDir} failed:\n${r.stderr}${r.stdout}`);
      return { node: process.execPath, args: [join(dir, "main.mjs")], cwd: dir };
    })();
    built.set(serviceDir, build);
  }
  return build;
}
