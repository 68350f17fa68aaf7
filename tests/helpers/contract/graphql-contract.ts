import { readFileSync } from "node:fs";
import {
  buildClientSchema,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";
import { packageFile } from "./openapi-schema.js";

/**
 * Checks GraphQL documents against GitHub's real schema (`@octokit/graphql-schema`), so a query
 * with a misspelt field or a wrongly typed argument fails in tests the way it fails on GitHub.
 *
 * The schema is built from the introspection JSON, not the SDL: the shipped `schema.graphql`
 * defines two `EnterpriseOwnerInfo` fields twice and `buildSchema` rejects it (and takes ~2× longer
 * with validation turned off).
 */

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphqlCheck {
  document: DocumentNode | undefined;
  operation: OperationDefinitionNode | undefined;
  /** The operation's name (`query IssueFacts { ... }` → `IssueFacts`), if it has one. */
  operationName: string | undefined;
  errors: readonly GraphQLError[];
  /** Variables coerced to the operation's declared types (only when there are no errors). */
  coercedVariables: Record<string, unknown> | undefined;
}

let built: { schema: GraphQLSchema; parseMs: number; buildMs: number } | undefined;

/** GitHub's GraphQL schema, built once per process. */
export function githubGraphqlSchema(): GraphQLSchema {
  return load().schema;
}

/** How long reading the introspection JSON and `buildClientSchema` took. */
export function graphqlSchemaStats(): { parseMs: number; buildMs: number } {
  const { parseMs, buildMs } = load();
  return { parseMs, buildMs };
}

function load() {
  if (built) return built;
  const started = performance.now();
  const raw = JSON.parse(
    readFileSync(packageFile("@octokit/graphql-schema", "schema.json"), "utf8"),
  ) as IntrospectionQuery | { data: IntrospectionQuery };
  const parsedAt = performance.now();
  const introspection = "data" in raw ? raw.data : raw;
  const schema = buildClientSchema(introspection, { assumeValid: true });
  built = { schema, parseMs: parsedAt - started, buildMs: performance.now() - parsedAt };
  return built;
}

/** Parsing and validating the same document text repeatedly is wasted work: cache per text. */
const documents = new Map<string, { document?: DocumentNode; errors: readonly GraphQLError[] }>();

function parseAndValidate(query: string) {
  let cached = documents.get(query);
  if (!cached) {
    try {
      const document = parse(query);
      cached = { document, errors: validate(githubGraphqlSchema(), document) };
    } catch (error) {
      cached = { errors: [toGraphqlError(error)] };
    }
    if (documents.size > 1000) documents.clear();
    documents.set(query, cached);
  }
  return cached;
}

function toGraphqlError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(String(error));
}

/** Parses, validates and coerces variables; returns everything an executor needs. */
export function checkGraphqlRequest(request: GraphqlRequest): GraphqlCheck {
  const { document, errors } = parseAndValidate(request.query);
  const empty = {
    document,
    operation: undefined,
    operationName: undefined,
    coercedVariables: undefined,
  };
  if (!document) return { ...empty, errors };
  const operation = getOperationAST(document, request.operationName ?? undefined) ?? undefined;
  const operationName = operation?.name?.value;
  if (errors.length > 0) return { ...empty, document, operation, operationName, errors };
  if (!operation) {
    const message = request.operationName
      ? `Unknown operation named "${request.operationName}".`
      : "Must provide operation name if query contains multiple operations.";
    return { ...empty, errors: [new GraphQLError(message)] };
  }
  const coerced = getVariableValues(
    githubGraphqlSchema(),
    operation.variableDefinitions ?? [],
    request.variables ?? {},
  );
  if (coerced.errors) {
    return { ...empty, document, operation, operationName, errors: coerced.errors };
  }
  return {
    document,
    operation,
    operationName,
    errors: [],
    coercedVariables: coerced.coerced,
  };
}

/** One line per problem, with the position in the document, e.g. `Cannot query field ... (2:5)`. */
export function validateGraphqlRequest(request: GraphqlRequest): string[] {
  return checkGraphqlRequest(request).errors.map(formatGraphqlError);
}

export function formatGraphqlError(error: GraphQLError): string {
  const where = error.locations?.map((l) => `${l.line}:${l.column}`).join(", ");
  return where ? `${error.message} (${where})` : error.message;
}

/** True for GitHub's GraphQL endpoint on github.com (`/graphql`) and GHES (`/api/graphql`). */
export function isGraphqlPath(method: string, path: string): boolean {
  return method.toUpperCase() === "POST" && (path === "/graphql" || path === "/api/graphql");
}
