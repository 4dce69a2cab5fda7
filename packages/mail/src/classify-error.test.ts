import { describe, expect, it } from "vitest";
import { classifyError } from "./classify-error.ts";
import { InvalidMessage } from "./message.ts";

const smtpError = (responseCode: number, response: string) =>
  Object.assign(new Error(`Message failed: ${response}`), { code: "EMESSAGE", responseCode, response });

describe("classifyError", () => {
  it.each([
    [smtpError(451, "451 4.3.0 Try again later"), "temporary"],
    [smtpError(421, "421 4.7.0 Too busy"), "temporary"],
    [smtpError(452, "452 4.2.2 Mailbox full"), "temporary"],
    [smtpError(550, "550 5.1.1 No such user"), "permanent"],
    [smtpError(554, "554 5.7.1 Rejected as spam"), "permanent"],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ECONNREFUSED" }), "temporary"],
    [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), "temporary"],
    [Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" }), "temporary"],
    [Object.assign(new Error("getaddrinfo ENOTFOUND smtp.example"), { code: "EDNS" }), "temporary"],
    [Object.assign(new Error("Invalid login"), { code: "EAUTH", responseCode: 535 }), "temporary"],
    [Object.assign(new Error("Invalid login"), { code: "EAUTH" }), "temporary"],
    [Object.assign(new Error("No recipients defined"), { code: "EENVELOPE" }), "permanent"],
    [new InvalidMessage("to", "must be exactly one address"), "permanent"],
    [new Error("something nobody foresaw"), "temporary"],
    ["a thrown string", "temporary"],
  ])("%s → %s", (err, kind) => {
    expect(classifyError(err).kind).toBe(kind);
  });

  it("keeps the code, the reply code and the server's words in one line", () => {
    expect(classifyError(smtpError(550, "550 5.1.1\r\n No such user")).reason).toBe(
      "EMESSAGE 550 550 5.1.1 No such user",
    );
  });
});
