import cliProgress from "cli-progress";
import type { ImportProgress } from "../transfer/importer.ts";

/**
 * A progress bar on stderr (cli-progress) when stderr is a terminal; otherwise one line per phase, so logs and
 * pipes get no control characters. stdout stays free for data (`cli export > file`).
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(name, total) {
      if (!stream.isTTY) {
        stream.write(`${name}…\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        { stream, format: `${name.padEnd(16)} [{bar}] {percentage}% | {eta_formatted} left`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, total), 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      if (bar) {
        bar.update(bar.getTotal());
        bar.stop();
      }
      bar = null;
    },
  };
}
