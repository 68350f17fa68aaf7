import { describe, expect, it } from "vitest";
import { scrubLogFields } from "../../../src/app/server-log.js";

describe("scrubLogFields", () => {
  it("keeps an event's name, action and id, never its payload", () => {
    const fields = {
      event: {
        id: "d-1",
        name: "issues",
        payload: { action: "edited", issue: { body: "- [ ] Acme Corp — @alice" } },
      },
    };
    expect(scrubLogFields(fields)).toEqual({
      event: { id: "d-1", name: "issues", action: "edited" },
    });
  });

  it("drops the request bodies Probot logs with each API call", () => {
    const body = {
      owner: "acme",
      repo: "shop",
      body: "Customers to contact: Acme Corp",
      output: { summary: "x" },
    };
    expect(scrubLogFields(body)).toEqual({});
  });

  it("keeps an error's type, status and message (tokens redacted), not its request or event", () => {
    const error = Object.assign(
      new Error("Bad credentials for token ghs_abcdefghijklmnopqrstuvwxyz012345"),
      {
        status: 401,
        request: { headers: { authorization: "token ghs_abcdefghijklmnopqrstuvwxyz012345" } },
        event: { payload: { issue: { body: "Acme Corp" } } },
      },
    );
    const scrubbed = scrubLogFields({ err: error }) as { err: Record<string, unknown> };
    expect(scrubbed.err).toMatchObject({
      type: "Error",
      status: 401,
      message: "Bad credentials for token [redacted token]",
    });
    expect(JSON.stringify(scrubbed)).not.toMatch(/ghs_|Acme/);
  });

  it("keeps the HTTP access log's fields", () => {
    const req = { method: "POST", url: "/api/github/webhooks" };
    expect(scrubLogFields({ req, res: { statusCode: 200 }, responseTime: 3 })).toEqual({
      req,
      res: { statusCode: 200 },
      responseTime: 3,
    });
  });
});
