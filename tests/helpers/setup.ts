import nock from "nock";
import { afterEach, beforeAll } from "vitest";

// No test may reach the network: GitHub is always nock or a loopback server.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));
});

afterEach(() => {
  nock.cleanAll();
});
