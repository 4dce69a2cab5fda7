// Writes a Disqus-shaped export of N comments (default 100,000) for measuring imports; not part of the tests.
//   pnpm --filter @parlor/comments exec tsx bench/generate-disqus.ts /tmp/disqus-100k.xml 100000
//   /usr/bin/time -v pnpm comments import --format disqus /tmp/disqus-100k.xml
import { writeDisqusFile } from "./disqus-file.ts";

const [file = "disqus-100k.xml", countArg = "100000"] = process.argv.slice(2);
const { threads } = await writeDisqusFile(file, Number(countArg));
console.error(`wrote ${countArg} comments in ${threads} threads to ${file}`);
