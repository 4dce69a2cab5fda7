import { connect } from "node:net";
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { type CountingSink, startCountingSink } from "./smtp-sink.ts";

let sink: CountingSink | undefined;
afterEach(async () => {
  await sink?.close();
});

/** A client that greets, then resets its connection (TCP RST), as a process killed mid-conversation does. */
async function resetMidConversation(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once("data", () => resolve())); // the 220 greeting
  socket.write("EHLO bench\r\nMAIL FROM:<a@example.com>\r\n");
  await new Promise((r) => setTimeout(r, 50));
  socket.resetAndDestroy();
  await new Promise((r) => setTimeout(r, 100));
}

describe("the bench's SMTP sink", () => {
  it("survives clients that reset their connections, counts them, and keeps accepting mail", async () => {
    const logged: string[] = [];
    sink = await startCountingSink((line) => logged.push(line));
    await resetMidConversation(sink.url);
    await resetMidConversation(sink.url);
    expect(sink.resets()).toBe(2);
    const transport = nodemailer.createTransport({ url: sink.url } as never);
    await transport.sendMail({ from: "a@example.com", to: "b@example.com", subject: "s", text: "t" });
    transport.close();
    expect(sink.received()).toBe(1);
    expect(sink.errors()).toBe(0);
    expect(logged).toEqual([]);
  });
});
