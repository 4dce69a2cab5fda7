import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { documentAt, generatedFile, SERVICES, type ServiceName, startService, typesOf } from "./documents.ts";

// `pnpm --filter @parlor/client generate [service…]`: each service's document (or those named), from the service
// itself, as TypeScript types.
const named = process.argv.slice(2) as ServiceName[];
for (const service of named.length > 0 ? named : SERVICES) {
  if (!SERVICES.includes(service)) throw new Error(`unknown service ${service}: ${SERVICES.join(", ")}`);
  const file = generatedFile(service);
  await mkdir(dirname(file), { recursive: true });
  const running = await startService(service);
  try {
    await writeFile(file, await typesOf(service, await documentAt(running.url)));
  } finally {
    await running.stop();
  }
  console.log(`wrote ${file}`);
}
