import { linkedIssueFragment, linkedPullRequestFragment } from "./linked-items.js";

/**
 * One GraphQL query gathers everything the gate needs about one issue or pull request: the
 * item, its closing references (merged PRs included), the closing commit, the gate's own comments
 * and check runs, and whether the gate's labels exist. Validated against GitHub's schema in tests.
 */

const LABELS = "labels(first: 100) { nodes { name } }";

const GATE_COMMENT = `fragment GateComment on IssueComment {
  databaseId
  body
  author { login __typename }
}`;

const CHECK_RUNS = `fragment GateCheckRuns on Commit {
  oid
  checkSuites(first: 20) {
    nodes {
      app { slug databaseId }
      declared: checkRuns(first: 5, filterBy: { checkName: $checkDeclared }) { nodes { ...GateCheckRun } }
      production: checkRuns(first: 5, filterBy: { checkName: $checkProduction }) { nodes { ...GateCheckRun } }
    }
  }
}
fragment GateCheckRun on CheckRun { databaseId name status conclusion title summary text }`;

const COMMON = `
  number
  title
  url
  body
  closedAt
  author { login __typename }
  assignees(first: 20) { nodes { login } }
  ${LABELS}
  firstComments: comments(first: 50) { totalCount nodes { ...GateComment } }
  lastComments: comments(last: 50) { nodes { ...GateComment } }`;

export const ITEM_QUERY = `query DeliveryItem(
  $owner: String!
  $name: String!
  $number: Int!
  $labelPending: String!
  $labelShipped: String!
  $labelWaived: String!
  $checkDeclared: String!
  $checkProduction: String!
  $withFiles: Boolean!
) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    isPrivate
    defaultBranchRef { name }
    labelPending: label(name: $labelPending) { name }
    labelShipped: label(name: $labelShipped) { name }
    labelWaived: label(name: $labelWaived) { name }
    item: issueOrPullRequest(number: $number) {
      __typename
      ... on Issue {
        ${COMMON}
        issueState: state
        stateReason
        closedByPullRequestsReferences(first: 25, includeClosedPrs: true) { nodes { ...LinkedPullRequest } }
        timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
          nodes { ... on ClosedEvent { closer { __typename ... on Commit { oid } ... on PullRequest { number } } } }
        }
      }
      ... on PullRequest {
        ${COMMON}
        prState: state
        merged
        mergedAt
        isDraft
        baseRefName
        headRefOid
        mergeCommit { ...GateCheckRuns }
        headCommit: commits(last: 1) { nodes { commit { ...GateCheckRuns } } }
        closingIssuesReferences(first: 25) { nodes { ...LinkedIssue } }
        files(first: 100) @include(if: $withFiles) { totalCount nodes { path } }
      }
    }
  }
}
${GATE_COMMENT}
${CHECK_RUNS}
${linkedPullRequestFragment(100)}
${linkedIssueFragment(100)}`;
