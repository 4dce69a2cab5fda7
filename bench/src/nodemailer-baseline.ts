// The ceiling for sending: nodemailer's pooled SMTP transport sending `count` copies of a message straight to
// the relay, with the same number of connections as the service, and no database at all. Prints one JSON line.
import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";

const spec = JSON.parse(process.argv[2] ?? "{}") as {
  smtpUrl: string;
  count: number;
  connections: number;
  messageFile: string;
};
const message = JSON.parse(readFileSync(spec.messageFile, "utf8")) as {
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
};
const transport = nodemailer.createTransport({ url: spec.smtpUrl, pool: true, maxConnections: spec.connections });
const start = performance.now();
const cpu0 = process.cpuUsage();
let next = 0;
// A few sends queued per connection, so the pool never waits on us.
const lane = async () => {
  while (next < spec.count) {
    const i = next++;
    await transport.sendMail({
      from: "Parlor <no-reply@localhost>",
      to: `reader-${i}@example.org`,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
    });
  }
};
await Promise.all(Array.from({ length: spec.connections * 2 }, lane));
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
transport.close();
process.stdout.write(
  `${JSON.stringify({
    sent: spec.count,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rss: Math.round(process.memoryUsage().rss / 1048576),
  })}\n`,
);
