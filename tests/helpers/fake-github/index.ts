// The fake GitHub's public surface for tests and benchmarks.
export * from "./server.js";
export * from "./state.js";
export { legacyNodeId, decodeLegacyNodeId } from "./rest-shapes.js";
