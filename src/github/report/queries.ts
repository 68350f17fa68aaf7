import { linkedIssueFragment, linkedPullRequestFragment } from "../linked-items.js";

/**
 * The report's GraphQL documents: pages of 100 with only the fields the report reads. Listing
 * goes through repository connections with cursors (never the search API, which stops at 1,000
 * results). Validated against GitHub's schema by the tests (contract fetch + fake GitHub).
 */

const LABELS = "labels(first: 50) { nodes { name } }";
const ASSIGNEES = "assignees(first: 10) { nodes { login } }";
const PAGE = "pageInfo { hasNextPage endCursor }";

export const REPORT_REPOSITORY_QUERY = `query ReportRepository($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    isPrivate
    defaultBranchRef { name target { oid } }
    environments(first: 100) { nodes { name } }
  }
}`;

export const REPORT_DEPLOYMENTS_QUERY = `query ReportDeployments($owner: String!, $name: String!, $environments: [String!], $after: String) {
  repository(owner: $owner, name: $name) {
    deployments(environments: $environments, first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      ${PAGE}
      nodes {
        commitOid
        environment
        createdAt
        latestStatus { state createdAt environmentUrl logUrl }
        statuses(first: 10) { nodes { state createdAt } }
      }
    }
  }
}`;

export const REPORT_RELEASES_QUERY = `query ReportReleases($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    releases(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      ${PAGE}
      nodes { name tagName url isDraft isPrerelease isLatest publishedAt tagCommit { oid } }
    }
  }
}`;

/** `git log` of one commit (the branch head, or a live commit off it) within a time slice. */
export const REPORT_HISTORY_QUERY = `query ReportHistory($owner: String!, $name: String!, $head: GitObjectID!, $since: GitTimestamp!, $until: GitTimestamp, $after: String) {
  repository(owner: $owner, name: $name) {
    object(oid: $head) {
      ... on Commit {
        history(first: 100, after: $after, since: $since, until: $until) {
          ${PAGE}
          nodes { oid committedDate parents(first: 5) { nodes { oid } } }
        }
      }
    }
  }
}`;

/**
 * Issues updated since `$since`, oldest update first: a time slice starts at `$since` and the
 * reader stops at the slice's end. Ascending order also means an issue updated while the report
 * pages moves ahead of the cursor and is seen (again, deduplicated), never skipped.
 */
export const REPORT_ISSUES_QUERY = `query ReportIssues($owner: String!, $name: String!, $since: DateTime!, $states: [IssueState!], $labels: [String!], $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $after, states: $states, labels: $labels, filterBy: { since: $since }, orderBy: { field: UPDATED_AT, direction: ASC }) {
      ${PAGE}
      nodes {
        id
        number
        title
        url
        body
        state
        stateReason
        closedAt
        updatedAt
        author { login __typename }
        ${ASSIGNEES}
        ${LABELS}
        closedByPullRequestsReferences(first: 10, includeClosedPrs: true) { nodes { ...LinkedPullRequest } }
        timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
          nodes { ... on ClosedEvent { createdAt stateReason closer { __typename ... on Commit { oid } } } }
        }
      }
    }
  }
}
${linkedPullRequestFragment(50)}`;

/**
 * Merged pull requests, most recently updated first (GitHub has no "merged since" filter on this
 * connection): the reader stops at the first one updated before the window, since a merge
 * updates the pull request.
 */
export const REPORT_PULL_REQUESTS_QUERY = `query ReportPullRequests($owner: String!, $name: String!, $withFiles: Boolean!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: 100, after: $after, states: [MERGED], orderBy: { field: UPDATED_AT, direction: DESC }) {
      ${PAGE}
      nodes {
        id
        number
        title
        url
        body
        merged
        mergedAt
        closedAt
        updatedAt
        isDraft
        baseRefName
        headRefOid
        author { login __typename }
        mergeCommit { oid }
        ${ASSIGNEES}
        ${LABELS}
        closingIssuesReferences(first: 10) { nodes { ...LinkedIssue } }
        files(first: 100) @include(if: $withFiles) { nodes { path } }
      }
    }
  }
}
${linkedIssueFragment(50)}`;

/** The gate's status comments of a few items, for their recorded state (waivers, manual deploys). */
export const REPORT_GATE_STATE_QUERY = `query ReportGateState($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Issue { id ...ReportIssueComments }
    ... on PullRequest { id ...ReportPullRequestComments }
  }
}
fragment ReportIssueComments on Issue {
  firstComments: comments(first: 50) { nodes { body author { login __typename } } }
  lastComments: comments(last: 50) { nodes { body author { login __typename } } }
}
fragment ReportPullRequestComments on PullRequest {
  firstComments: comments(first: 50) { nodes { body author { login __typename } } }
  lastComments: comments(last: 50) { nodes { body author { login __typename } } }
}`;

/** Finds the report issue again: the identity's open issues, and the most recently updated ones. */
export const REPORT_ISSUE_FIND_QUERY = `query ReportIssueFind($owner: String!, $name: String!, $author: String!) {
  repository(owner: $owner, name: $name) {
    mine: issues(first: 50, states: [OPEN], filterBy: { createdBy: $author }, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { number body author { login __typename } }
    }
    recent: issues(first: 50, states: [OPEN], orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes { number body author { login __typename } }
    }
  }
}`;
