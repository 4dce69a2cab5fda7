import { describe, expect, it } from "vitest";
import { MAIL_FROM, makeMessage, onCleanup, waitFor } from "../../test/helpers.ts";
import { startSmtpSink } from "../../test/smtp-sink.ts";
import { createSmtpTransport } from "./smtp.ts";

describe("the SMTP transport", () => {
  // The outbox starts a connection's next message while the last one's sent mark is written: the relay must not
  // be able to accept the new one before that mark is on disk, or a crash could leave two sent but unrecorded.
  it("keeps a message's last line back until holdUntil resolves, so the relay cannot accept it before", async () => {
    const sink = await startSmtpSink();
    onCleanup(() => sink.close());
    const transport = createSmtpTransport(sink.url, { from: MAIL_FROM, maxConnections: 1 });
    onCleanup(() => transport.close());
    expect(transport.holdsLastLine).toBe(true);
    let release = () => {};
    const recorded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent = transport.send(makeMessage({ subject: "Held back" }), { holdUntil: () => recorded });
    expect(await waitFor(() => sink.attempts >= 1, 5_000)).toBe(true); // DATA began: the body is on its way
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.deliveries).toHaveLength(0);
    release();
    await sent;
    expect(sink.deliveries.map((d) => d.mail.subject)).toEqual(["Held back"]);
  });
});
