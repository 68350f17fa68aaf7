import { describe, expect, it } from "vitest";
import { describeApiFailure, redact } from "../../../src/github/errors.js";

describe("describeApiFailure", () => {
  it("keeps the HTTP status and GitHub's request id", () => {
    const error = Object.assign(new Error("Server Error"), {
      status: 502,
      response: { headers: { "x-github-request-id": "ABCD:1" } },
    });
    expect(describeApiFailure(error)).toEqual({
      status: 502,
      requestId: "ABCD:1",
      message: "Server Error",
    });
  });

  it("never lets a token or key through", () => {
    const text = [
      '"authorization": "token ghs_abc"',
      "Authorization: Bearer eyJhbGciOi.x.y",
      `ghp_${"a".repeat(36)} github_pat_${"b".repeat(40)}`,
      "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
    ].join(" ");
    const clean = redact(text);
    expect(clean).not.toMatch(/ghs_abc|eyJhbGciOi|ghp_a|github_pat_b|MIIE/);
    expect(clean).toContain('"authorization": "token [redacted]"');
  });
});
