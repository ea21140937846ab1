// Every operation of the HTTP API, once. Each route handler is built from its entry (withRoute
// takes the scope an API token needs from it) and /api/v1/openapi.json is generated from the
// same entries, with the very zod schemas the mutations validate their input with.
import { z } from "zod";
import { changePasswordSchema } from "@/lib/account/schemas";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { createMemberSchema, updateMemberSchema } from "@/lib/members/schemas";
import { changesQuerySchema, changesSchema } from "@/lib/changes/schemas";
import { allowedDeployTargetsSchema, createProjectSchema, projectRepositorySchema } from "@/lib/projects/schemas";
import { updatePolicySchema } from "@/lib/environments/schemas";
import { attachmentListSchema, attachmentSchema } from "@/lib/attachments/schemas";
import { defineOperations } from "@/lib/http/operation";
import { metricsQuerySchema, testHealthQuerySchema } from "@/lib/insights/schemas";
import { notificationQuerySchema } from "@/lib/notifications/schemas";
import { notificationPreferencesSchema } from "@/lib/email/schemas";
import {
  approveSchema,
  cancelSchema,
  overrideFreezeSchema,
  rejectSchema,
  reportSchema,
  requestPromotionSchema,
} from "@/lib/promotions/schemas";
import { abandonReleaseSchema, commentSchema, createReleaseSchema } from "@/lib/releases/schemas";
import { bulkCasesSchema, caseInputSchema, similarCasesSchema, suiteInputSchema, updateCaseSchema } from "@/lib/test-cases/schemas";
import { assignmentOutcomeSchema, assignResultsSchema } from "@/lib/test-runs/assignment-schemas";
import {
  createRunSchema,
  importSummarySchema,
  knownIssueSchema,
  linkDefectSchema,
  recordResultSchema,
  recordStepSchema,
  runWithKnownIssuesSchema,
  signOffSchema,
  undoResultSchema,
  uploadResultsQuerySchema,
  uploadSummarySchema,
} from "@/lib/test-runs/schemas";
import { createTokenSchema } from "@/lib/tokens/schemas";
import { decidePipelineChangeSchema, rejectPipelineChangeSchema } from "@/lib/pipeline/schemas";
import { webhookInputSchema } from "@/lib/webhooks/schemas";

const page = z.object({ page: z.string().regex(/^\d+$/).optional().describe("1-based page number") });
const yamlBody = { contentType: "application/yaml", description: "A shiproom.yaml (≤ 256 KB); schema: /api/v1/schemas/shiproom.json" };
const pipelineRevisionQuery = z.object({
  revision: z.string().max(100).optional().describe("The file's revision (a git commit); default: the file's sha256"),
});
const attachmentBody = {
  contentType: "application/octet-stream",
  description:
    "The file's bytes (≤ 20 MB), its name URI-encoded in `X-File-Name`. What it is comes from its bytes, never its name: PNG, JPEG, GIF and WebP are shown inline, anything else (SVG too) downloads as a file",
};
const xml = {
  contentType: "application/xml",
  description:
    "A JUnit XML report (≤ 50 MB), `X-File-Name` naming it; or, with the files its tests name as attachments (`[[ATTACHMENT|path]]` in their output, an `attachment` or `attachment_N` property), multipart/form-data: the report as the first part, then each file (≤ 20 MB each, 1,000 at most, 100 MB in all) with the path the report names it by as its file name, or the end of that path when only one path ends so",
  multipart: {
    type: "object",
    required: ["report"],
    properties: {
      report: { type: "string", contentMediaType: "application/xml", description: "The JUnit XML report: the first part" },
      attachment: {
        type: "array",
        items: { type: "string", contentMediaType: "application/octet-stream" },
        description: "The files the report names, any field name, each part's file name the path the report gives",
      },
    },
  },
};

export const operations = defineOperations({
  // Projects
  listProjects: {
    method: "GET",
    path: "/projects",
    tag: "Projects",
    summary: "The team's projects with their pipelines (a token sees its own project)",
    scope: "read",
    response: { status: 200, description: "Projects" },
  },
  createProject: {
    method: "POST",
    path: "/projects",
    tag: "Projects",
    summary: "Create a project with the pipeline dev → staging → production (admins)",
    body: createProjectSchema,
    response: { status: 201, description: "The project" },
  },
  getBoard: {
    method: "GET",
    path: "/projects/{slug}/board",
    tag: "Projects",
    summary: "What runs where: every environment's running release, the promotion in flight, the one waiting with its gates",
    scope: "read",
    response: { status: 200, description: "The board" },
  },
  getPortfolioBoard: {
    method: "GET",
    path: "/board",
    tag: "Projects",
    summary:
      "What runs where in every project the caller sees (a token: its own): one row per project, one column per environment name in pipeline order; each cell the running release and since when, the deployment in flight, and the promotion waiting with how many of its gates pass and what it waits on first (null where a project has no environment of that name)",
    scope: "read",
    response: { status: 200, description: "The board across projects" },
  },
  getMetrics: {
    method: "GET",
    path: "/projects/{slug}/metrics",
    tag: "Projects",
    summary:
      "Delivery metrics of one environment over a period: DORA's four keys (deployment frequency, lead time for changes, change failure rate, failed deployment recovery time), each with its level in the DORA 2023 report's table and the previous period's value, the time promotions waited for approval, and a series for charts. Durations in seconds, rates from 0 to 1",
    scope: "read",
    query: metricsQuerySchema,
    response: { status: 200, description: "The metrics" },
  },
  getMetricsDeployments: {
    method: "GET",
    path: "/projects/{slug}/metrics/deployments",
    tag: "Projects",
    summary:
      "The deployments behind an environment's metrics, as CSV (RFC 4180, header row): every one that succeeded or failed in the period, every promotion approved in it (the waits count those) and every rollback requested in it, oldest first, with its release, times (ISO 8601 UTC), lead time, approval wait and freeze wait (seconds) and whether a rollback replaced it. The query of metrics",
    scope: "read",
    query: metricsQuerySchema,
    response: { status: 200, description: "One deployment per row", contentType: "text/csv" },
  },
  getTestHealth: {
    method: "GET",
    path: "/projects/{slug}/test-health",
    tag: "Projects",
    summary:
      "Test health over a period (the query of metrics; the environment named, else all environments): pass rate per run (passed ÷ (passed + failed + blocked)), the ten cases most often flaky (failed and passed on one release in one environment), the ten most unstable (outcome flipping between releases), the ten slowest automated cases with the previous period's median, and the ten failing longest. Durations in milliseconds, rates from 0 to 1; each case with its key",
    scope: "read",
    query: testHealthQuerySchema,
    response: { status: 200, description: "Test health" },
  },
  getPortfolioMetrics: {
    method: "GET",
    path: "/metrics",
    tag: "Projects",
    summary:
      "DORA's four keys over a period for every project the caller sees (a token: its own), each in its production environment (or the one named; else its pipeline's last), and for all of them as one set of deployments (counted together, not averaged). Same query, units and DORA 2023 levels as a project's metrics; a project without the named environment is listed with environment null",
    scope: "read",
    query: metricsQuerySchema,
    response: { status: 200, description: "The metrics, by project and for all" },
  },
  listEnvironments: {
    method: "GET",
    path: "/projects/{slug}/environments",
    tag: "Projects",
    summary: "The pipeline and each environment's policy",
    scope: "read",
    response: { status: 200, description: "Environments in pipeline order" },
  },
  updatePolicy: {
    method: "PUT",
    path: "/projects/{slug}/environments/{id}/policy",
    tag: "Projects",
    summary: "Replace an environment's policy (admins; `version` guards lost updates)",
    body: updatePolicySchema,
    response: { status: 200, description: "The policy as saved; `deployHookSecret` once, when a deploy hook gets its first secret" },
  },
  rotateDeployHookSecret: {
    method: "POST",
    path: "/projects/{slug}/environments/{id}/deploy-hook-secret",
    tag: "Projects",
    summary: "Make a new signing secret for an environment's deploy hook (admins); shown once",
    response: { status: 200, description: "`{secret}`" },
  },

  // Releases
  listReleases: {
    method: "GET",
    path: "/projects/{slug}/releases",
    tag: "Releases",
    summary: "Releases, newest first, with where each runs",
    scope: "read",
    query: page.extend({ search: z.string().optional().describe("Part of a version or commit") }),
    response: { status: 200, description: "A page of releases" },
  },
  createRelease: {
    method: "POST",
    path: "/projects/{slug}/releases",
    tag: "Releases",
    summary: "Register an immutable release (a taken version answers 409)",
    scope: "releases:write",
    body: createReleaseSchema,
    response: { status: 201, description: "The release with where it runs and its timeline" },
  },
  getRelease: {
    method: "GET",
    path: "/projects/{slug}/releases/{version}",
    tag: "Releases",
    summary: "A release, where it runs, its test runs and its timeline",
    scope: "read",
    response: { status: 200, description: "The release" },
  },
  getReleaseChanges: {
    method: "GET",
    path: "/projects/{slug}/releases/{version}/changes",
    tag: "Releases",
    summary:
      "What promoting the release into the environment `to` changes against the release running there now: the releases in between with their notes (not abandoned, newest first, at most 50 listed), the commits between the two commit SHAs when the project names its repository (`git log running..this`, at most 50 listed, with a GitHub/GitLab compare link), and the test evidence (cases newly failing, newly passing, flaky, not run) comparing the two releases' runs with a valid sign-off (else their newest) in the environment the target's policy names for sign-off (else the one before it). Nothing running there: everything up to this release. A repository that cannot be read, or an unknown SHA, is said in `commits.state`",
    scope: "read",
    query: changesQuerySchema,
    response: { status: 200, description: "The changes", schema: changesSchema },
  },
  abandonRelease: {
    method: "POST",
    path: "/projects/{slug}/releases/{version}/abandon",
    tag: "Releases",
    summary: "Abandon a wrong release (never edited); its waiting promotions are cancelled",
    scope: "releases:write",
    body: abandonReleaseSchema,
    response: { status: 200, description: "The release" },
  },
  commentOnRelease: {
    method: "POST",
    path: "/projects/{slug}/releases/{version}/comments",
    tag: "Releases",
    summary: "Comment in a release's discussion (Markdown; `@[Name](member:<id>)` mentions and notifies a member)",
    body: commentSchema,
    response: { status: 200, description: "The release" },
  },

  // Promotions
  requestPromotion: {
    method: "POST",
    path: "/projects/{slug}/promotions",
    tag: "Promotions",
    summary: "Request a promotion of a release into an environment (ops may roll back, with a reason)",
    scope: "promotions:request",
    body: requestPromotionSchema,
    response: { status: 201, description: "The promotion with its state and gate checklist" },
  },
  getPromotion: {
    method: "GET",
    path: "/promotions/{id}",
    tag: "Promotions",
    summary: "A promotion's state, gate checklist, decisions, and what the caller may do",
    scope: "read",
    response: { status: 200, description: "The promotion" },
  },
  getPromotionChanges: {
    method: "GET",
    path: "/promotions/{id}/changes",
    tag: "Promotions",
    summary:
      "What the promotion changes against the release running in its environment now: as the release's changes (`/projects/{slug}/releases/{version}/changes?to=`) for its release and environment",
    scope: "read",
    response: { status: 200, description: "The changes", schema: changesSchema },
  },
  approvePromotion: {
    method: "POST",
    path: "/promotions/{id}/approve",
    tag: "Promotions",
    summary: "Approve (people whose roles the rules name; never the requester unless the policy allows)",
    body: approveSchema,
    response: { status: 200, description: "The promotion" },
  },
  rejectPromotion: {
    method: "POST",
    path: "/promotions/{id}/reject",
    tag: "Promotions",
    summary: "Reject, saying why; the request ends",
    body: rejectSchema,
    response: { status: 200, description: "The promotion" },
  },
  cancelPromotion: {
    method: "POST",
    path: "/promotions/{id}/cancel",
    tag: "Promotions",
    summary: "Cancel your own request (ops cancel automation's)",
    body: cancelSchema,
    response: { status: 200, description: "The promotion" },
  },
  nudgePromotion: {
    method: "POST",
    path: "/promotions/{id}/nudge",
    tag: "Promotions",
    summary: "Ask who may still approve a waiting promotion to approve it (members; at most once an hour per promotion, else 429)",
    description:
      "Each active member who may still give a missing approval (the approvals gate's `candidates`) gets a notification; recorded in the audit trail and the release's timeline. A second nudge within the hour is answered 429 with Retry-After, saying when the next is possible. API tokens may not nudge.",
    response: { status: 200, description: "`{nudged: [{memberId, name}], nudgedAt, nextNudgeAt}`" },
  },
  reportDeployment: {
    method: "POST",
    path: "/promotions/{id}/report",
    tag: "Promotions",
    summary: "Report how a deployment goes: deploying, succeeded or failed (deployers; repeating a report changes nothing)",
    scope: "deployments:report",
    body: reportSchema,
    response: { status: 200, description: "The promotion" },
  },
  overrideFreeze: {
    method: "POST",
    path: "/promotions/{id}/override-freeze",
    tag: "Promotions",
    summary: "Let one promotion through a freeze, saying why (admins)",
    body: overrideFreezeSchema,
    response: { status: 200, description: "The promotion" },
  },
  changePassword: {
    method: "POST",
    path: "/me/password",
    tag: "Account",
    summary: "Change your password, giving the current one; your other sessions end",
    description: "The one call a member with a temporary password (set by an admin) may make until they choose their own.",
    body: changePasswordSchema,
    response: { status: 200, description: "`{endedSessions}`: how many other sessions ended" },
  },
  listSessions: {
    method: "GET",
    path: "/me/sessions",
    tag: "Account",
    summary: "Your signed-in browsers: device, address, when they signed in and were last used (the current one first)",
    response: { status: 200, description: "Sessions" },
  },
  endSession: {
    method: "POST",
    path: "/me/sessions/{id}/end",
    tag: "Account",
    summary: "End one of your sessions (sign that browser out at once)",
    response: { status: 200, description: "`{ended}`" },
  },
  endOtherSessions: {
    method: "POST",
    path: "/me/sessions/end-others",
    tag: "Account",
    summary: "End every session of yours but this one",
    response: { status: 200, description: "`{endedSessions}`" },
  },
  listNotifications: {
    method: "GET",
    path: "/me/notifications",
    tag: "Account",
    summary: "Your notifications, newest first (30 a page), with how many are unread",
    query: notificationQuerySchema,
    response: { status: 200, description: "`{items, page, pageSize, total, unread}`" },
  },
  markNotificationRead: {
    method: "POST",
    path: "/me/notifications/{id}/read",
    tag: "Account",
    summary: "Mark one of your notifications read (another member's answers 404)",
    response: { status: 200, description: "`{id, readAt}`" },
  },
  markAllNotificationsRead: {
    method: "POST",
    path: "/me/notifications/read-all",
    tag: "Account",
    summary: "Mark all your notifications read",
    response: { status: 200, description: "`{marked}`: how many were unread" },
  },
  getNotificationPreferences: {
    method: "GET",
    path: "/me/notification-preferences",
    tag: "Account",
    summary:
      "How you hear of each kind of notification (APP: in app only, EMAIL: email too, OFF), the daily digest and your time zone, and whether this server sends email",
    response: { status: 200, description: "`{emailEnabled, timeZone, digest, kinds: [{kind, label, description, channel}]}`" },
  },
  updateNotificationPreferences: {
    method: "PUT",
    path: "/me/notification-preferences",
    tag: "Account",
    summary:
      "Change your notification preferences: `kinds` maps a kind to APP, EMAIL or OFF; `digest`: one email a day at 08:00 in `timeZone` (IANA, e.g. Europe/Berlin) instead of single emails. What is left out stays",
    body: notificationPreferencesSchema,
    response: { status: 200, description: "The preferences" },
  },
  showUnsubscribe: {
    method: "GET",
    path: "/unsubscribe",
    tag: "Account",
    summary: "The page an email's unsubscribe link opens: what it stops, with a button (nothing changes until it is pressed)",
    public: true,
    query: z.object({ token: z.string().describe("The token of an email's List-Unsubscribe link") }),
    response: { status: 200, description: "An HTML page", contentType: "text/html" },
  },
  unsubscribe: {
    method: "POST",
    path: "/unsubscribe",
    tag: "Account",
    summary:
      "One-click unsubscribe (RFC 8058): stops the emails of the link's kind for the link's member (a digest's link: every email); a wrong token answers 422",
    public: true,
    query: z.object({ token: z.string().describe("The token of an email's List-Unsubscribe link") }),
    rawBody: {
      contentType: "application/x-www-form-urlencoded",
      description: "`List-Unsubscribe=One-Click` (mail clients send it; ignored)",
    },
    response: { status: 200, description: "`{unsubscribed: kind}`, or a confirmation page for a browser" },
  },
  listEmails: {
    method: "GET",
    path: "/emails",
    tag: "Account",
    summary:
      "The email delivery log (admins): the latest 100 notification emails with recipient, subject, status, attempts and last error, never a body",
    response: { status: 200, description: "`{items: [{id, to, kind, subject, status, attempts, lastError, createdAt, sentAt}]}`" },
  },
  listInbox: {
    method: "GET",
    path: "/inbox",
    tag: "Promotions",
    summary:
      'What the signed-in person may act on now: promotions to approve, report or sign off, pipeline changes (admins), and runs with cases assigned to them still untested (`kind: "queue"`, My queue)',
    response: { status: 200, description: "Waiting items" },
  },

  // Test cases
  similarCases: {
    method: "GET",
    path: "/projects/{slug}/cases/similar",
    tag: "Test cases",
    summary:
      "Duplicate hints: active cases whose titles are like `title` (PostgreSQL trigram similarity of at least 0.3), most alike first, at most five; `exclude` leaves out the case being edited",
    scope: "read",
    query: similarCasesSchema,
    response: { status: 200, description: "Cases: key, title and similarity (0–1)" },
  },
  listCases: {
    method: "GET",
    path: "/projects/{slug}/cases",
    tag: "Test cases",
    summary: "Search the shared library (50 a page)",
    scope: "read",
    query: page.extend({
      q: z.string().optional().describe("Words in the key, title, steps or tags"),
      suite: z.string().optional().describe('A suite id, or "none"'),
      tag: z.string().optional().describe("A tag (repeatable)"),
      priority: z.string().optional().describe("LOW, MEDIUM, HIGH or CRITICAL (repeatable)"),
      kind: z.enum(["MANUAL", "AUTOMATED"]).optional(),
      archived: z.enum(["true", "false"]).optional(),
    }),
    response: { status: 200, description: "A page of cases" },
  },
  createCase: {
    method: "POST",
    path: "/projects/{slug}/cases",
    tag: "Test cases",
    summary: "Add a case to the library",
    body: caseInputSchema,
    response: { status: 201, description: "The case" },
  },
  getCase: {
    method: "GET",
    path: "/projects/{slug}/cases/{key}",
    tag: "Test cases",
    summary: "A case (CHK-42) with its revisions and its results across releases",
    scope: "read",
    response: { status: 200, description: "The case" },
  },
  updateCase: {
    method: "PUT",
    path: "/projects/{slug}/cases/{key}",
    tag: "Test cases",
    summary: "Edit a case into a new revision (`revision` is the one you saw)",
    body: updateCaseSchema,
    response: { status: 200, description: "The case" },
  },
  bulkUpdateCases: {
    method: "POST",
    path: "/projects/{slug}/cases-bulk",
    tag: "Test cases",
    summary: "Tag, untag, move, archive or unarchive many cases",
    body: bulkCasesSchema,
    response: { status: 200, description: "`{changed}`" },
  },
  importCases: {
    method: "POST",
    path: "/projects/{slug}/cases/import",
    tag: "Test cases",
    summary:
      "Import cases from a CSV (our column set, or TestRail's CSV export): without `apply=true` a preview of what would be created, updated or left unchanged and every row's problems, writing nothing; with it, all of it in one transaction, or nothing while any row has a problem (422)",
    scope: "cases:write",
    query: z.object({ apply: z.enum(["true", "false"]).optional().describe("true: write the import; otherwise a preview") }),
    rawBody: { contentType: "text/csv", description: "A CSV of cases, UTF-8 (≤ 20 MB, ≤ 50,000 rows); see the README for its columns" },
    response: { status: 200, description: "The preview, or what was written (`applied: true`)" },
  },
  exportCases: {
    method: "GET",
    path: "/projects/{slug}/cases/export",
    tag: "Test cases",
    summary: "The library, or the part its filters select (those of listCases), as CSV in the import's column set, streamed",
    scope: "read",
    query: z.object({
      q: z.string().optional(),
      suite: z.string().optional(),
      tag: z.string().optional().describe("repeatable"),
      priority: z.string().optional().describe("repeatable"),
      kind: z.enum(["MANUAL", "AUTOMATED"]).optional(),
      archived: z.enum(["true", "false"]).optional(),
    }),
    response: { status: 200, description: "One case a row", contentType: "text/csv" },
  },
  listSuites: {
    method: "GET",
    path: "/projects/{slug}/suites",
    tag: "Test cases",
    summary: "The suite tree (flat, with parent ids and case counts)",
    scope: "read",
    response: { status: 200, description: "Suites" },
  },
  createSuite: {
    method: "POST",
    path: "/projects/{slug}/suites",
    tag: "Test cases",
    summary: "Add a suite",
    body: suiteInputSchema,
    response: { status: 201, description: "The suite" },
  },
  updateSuite: {
    method: "PUT",
    path: "/projects/{slug}/suites/{id}",
    tag: "Test cases",
    summary: "Rename or move a suite",
    body: suiteInputSchema,
    response: { status: 200, description: "The suite" },
  },
  deleteSuite: {
    method: "DELETE",
    path: "/projects/{slug}/suites/{id}",
    tag: "Test cases",
    summary: "Delete a suite; its cases and sub-suites move to its parent",
    response: { status: 200, description: "Done" },
  },

  // Test runs and results
  listRuns: {
    method: "GET",
    path: "/projects/{slug}/runs",
    tag: "Test runs",
    summary: "Test runs, newest first, with counts and sign-off",
    scope: "read",
    query: z.object({ release: z.string().optional().describe("Only runs of this release version") }),
    response: { status: 200, description: "Runs" },
  },
  createRun: {
    method: "POST",
    path: "/projects/{slug}/runs",
    tag: "Test runs",
    summary: "Create a run of a release in an environment, from suites, tags or all cases",
    scope: "results:write",
    body: createRunSchema,
    response: { status: 201, description: "The run" },
  },
  uploadResults: {
    method: "POST",
    path: "/projects/{slug}/results",
    tag: "Test runs",
    summary:
      "Upload a JUnit report for a release in an environment: into the run given, else the newest open run of that release there, else a new run",
    scope: "results:write",
    query: uploadResultsQuerySchema,
    rawBody: xml,
    response: { status: 200, description: "What the report held, cases matched and created, and the run", schema: uploadSummarySchema },
  },
  getRun: {
    method: "GET",
    path: "/runs/{id}",
    tag: "Test runs",
    summary: "A run with every result, its sign-off and its imports; each result with its case's known issues (defect links)",
    scope: "read",
    response: {
      status: 200,
      description: "The run (the schema describes each result's `knownIssues`; the other fields are as the answer shows them)",
      schema: runWithKnownIssuesSchema,
    },
  },
  getResult: {
    method: "GET",
    path: "/runs/{id}/results/{resultId}",
    tag: "Test runs",
    summary: "One result: the case as the run pinned it, and the result's history",
    scope: "read",
    response: { status: 200, description: "The result" },
  },
  recordResult: {
    method: "PUT",
    path: "/runs/{id}/results/{resultId}",
    tag: "Test runs",
    summary: "Record a result by hand (a changed status voids a sign-off; a note's `@[Name](member:<id>)` notifies that member)",
    body: recordResultSchema,
    response: { status: 200, description: "The run" },
  },
  recordStepResult: {
    method: "PUT",
    path: "/runs/{id}/results/{resultId}/steps/{position}",
    tag: "Test runs",
    summary:
      "Mark a step of a result (`position`: from 1, in the case revision the run pinned) passed, failed, blocked or untested, with the actual result. A changed status gives the case its steps' result — any step failed: failed; else any blocked: blocked; else all passed: passed; else as it was — over one recorded by hand, and voids a sign-off of the run",
    body: recordStepSchema,
    response: { status: 200, description: "The result, with its steps and history" },
  },
  undoResult: {
    method: "POST",
    path: "/runs/{id}/results/{resultId}/undo",
    tag: "Test runs",
    summary:
      "Take back your latest recording of a result (`status`: the status it set); the result returns to what it was. 409 when it was recorded since",
    body: undoResultSchema,
    response: { status: 200, description: "The run" },
  },
  linkDefect: {
    method: "POST",
    path: "/runs/{id}/results/{resultId}/defect-links",
    tag: "Test runs",
    summary:
      "Link an issue to a failed or blocked result's case (people only): GitHub, GitLab and Jira URLs are shown as `org/repo#123` / `PROJ-42`. The case carries it into later runs of the project as a known issue until it is removed. The same issue again is the link the case has (200)",
    body: linkDefectSchema,
    response: { status: 201, description: "The link", schema: knownIssueSchema },
    otherResponses: [{ status: 200, description: "The case already had this issue linked: that link" }],
  },
  removeDefectLink: {
    method: "DELETE",
    path: "/runs/{id}/results/{resultId}/defect-links/{linkId}",
    tag: "Test runs",
    summary:
      "Remove a defect link from the result's case (QA, an admin, or whoever linked it): later runs no longer show it as a known issue",
    response: { status: 200, description: "The link removed", schema: knownIssueSchema },
  },
  assignResults: {
    method: "POST",
    path: "/runs/{id}/assignments",
    tag: "Test runs",
    summary:
      "Assign a run's cases to testers (QA and admins): chosen by result ids, suites (with sub-suites), tags or all; to one active member (`assignee`; null unassigns) or spread evenly between several (`spread`: balanced and deterministic, cases already assigned left alone unless `reassign`). Each tester given cases is notified once (`run.assigned`); `GET …/runs/{id}` shows each result's `assignee` and each tester's progress (`testers`)",
    body: assignResultsSchema,
    response: { status: 200, description: "What changed", schema: assignmentOutcomeSchema },
  },
  uploadResultAttachment: {
    method: "POST",
    path: "/runs/{id}/results/{resultId}/attachments",
    tag: "Attachments",
    summary: "Attach a file (a screenshot, a log) to a result (people only); recorded in the result's history",
    rawBody: attachmentBody,
    response: { status: 201, description: "The attachment", schema: attachmentSchema },
  },
  listResultAttachments: {
    method: "GET",
    path: "/runs/{id}/results/{resultId}/attachments",
    tag: "Attachments",
    summary: "A result's attachments, oldest first, and every one added and removed",
    scope: "read",
    response: { status: 200, description: "The attachments and their history", schema: attachmentListSchema },
  },
  uploadCaseAttachment: {
    method: "POST",
    path: "/projects/{slug}/cases/{key}/attachments",
    tag: "Attachments",
    summary: "Attach a file (an expected screenshot, a sample) to a test case (people only)",
    rawBody: attachmentBody,
    response: { status: 201, description: "The attachment", schema: attachmentSchema },
  },
  listCaseAttachments: {
    method: "GET",
    path: "/projects/{slug}/cases/{key}/attachments",
    tag: "Attachments",
    summary: "A test case's attachments, oldest first, and every one added and removed",
    scope: "read",
    response: { status: 200, description: "The attachments and their history", schema: attachmentListSchema },
  },
  downloadAttachment: {
    method: "GET",
    path: "/attachments/{id}",
    tag: "Attachments",
    summary:
      "An attachment's bytes, streamed: PNG, JPEG, GIF and WebP inline with their type, anything else (SVG too) as application/octet-stream to download; always `X-Content-Type-Options: nosniff`",
    scope: "read",
    response: { status: 200, description: "The file", contentType: "application/octet-stream" },
  },
  removeAttachment: {
    method: "DELETE",
    path: "/attachments/{id}",
    tag: "Attachments",
    summary: "Remove an attachment and every byte of it (who uploaded it, or an admin); recorded in its result's or case's history",
    response: { status: 200, description: "The attachment removed", schema: attachmentSchema },
  },
  importJunit: {
    method: "POST",
    path: "/runs/{id}/junit",
    tag: "Test runs",
    summary: "Attach a JUnit report to a run (the same file again changes nothing)",
    scope: "results:write",
    rawBody: xml,
    response: { status: 200, description: "What the report held, cases matched and created", schema: importSummarySchema },
  },
  signOffRun: {
    method: "POST",
    path: "/runs/{id}/sign-off",
    tag: "Test runs",
    summary: "QA signs a run off or blocks it; failed, blocked and untested results each need a waiver",
    body: signOffSchema,
    response: { status: 200, description: "The run" },
  },

  // Team and settings
  listMembers: {
    method: "GET",
    path: "/members",
    tag: "Team",
    summary: "Everyone on the team, with their roles",
    response: { status: 200, description: "Members" },
  },
  createMember: {
    method: "POST",
    path: "/members",
    tag: "Team",
    summary: "Add a member (admins)",
    body: createMemberSchema,
    response: { status: 201, description: "The member" },
  },
  getMember: {
    method: "GET",
    path: "/members/{id}",
    tag: "Team",
    summary: "One member",
    response: { status: 200, description: "The member" },
  },
  updateMember: {
    method: "PATCH",
    path: "/members/{id}",
    tag: "Team",
    summary: "Change roles or deactivate (admins; `version` guards lost updates)",
    body: updateMemberSchema,
    response: { status: 200, description: "The member" },
  },
  listTokens: {
    method: "GET",
    path: "/projects/{slug}/tokens",
    tag: "Settings",
    summary: "A project's API tokens, with scopes and last use (admins)",
    response: { status: 200, description: "Tokens (never their secrets)" },
  },
  createToken: {
    method: "POST",
    path: "/projects/{slug}/tokens",
    tag: "Settings",
    summary: "Make an API token (admins); its secret is in this answer only",
    body: createTokenSchema,
    response: { status: 201, description: "The token with its `secret`" },
  },
  revokeToken: {
    method: "POST",
    path: "/projects/{slug}/tokens/{id}/revoke",
    tag: "Settings",
    summary: "Revoke a token at once (admins)",
    response: { status: 200, description: "The token" },
  },
  getAllowedDeployTargets: {
    method: "GET",
    path: "/projects/{slug}/deploy-targets",
    tag: "Settings",
    summary: "The deploy targets this project's pipelines may set in shiproom.yaml (admins)",
    response: { status: 200, description: "`{allowed: string[]}`" },
  },
  setProjectRepository: {
    method: "PUT",
    path: "/projects/{slug}/repository",
    tag: "Settings",
    summary:
      "Name the project's source repository (admins; null forgets it): a URL (https://, ssh://, git://), user@host:path, or an absolute path where SHIPROOM_GIT_LOCAL_PATHS allows it; the same reach rules as git deploy targets (422 naming `repository` otherwise). Read with git to list the commits a promotion brings",
    body: projectRepositorySchema,
    response: {
      status: 200,
      description:
        "`{repository, reach}`: saved either way; `reach` says whether Shiproom could read it just now (`git ls-remote`, at most 20 s): `{readable: true, branches}` or `{readable: false, problem}` in words; null when none is named",
    },
  },
  setAllowedDeployTargets: {
    method: "PUT",
    path: "/projects/{slug}/deploy-targets",
    tag: "Settings",
    summary: "Replace the deploy targets pipelines may set: webhook URL prefixes and repositories (admins)",
    description:
      "A token's shiproom.yaml may set a webhook URL under one of the URL prefixes, or a repository equal to an entry or under " +
      "one ending in `/` or `:`; anything else is refused (422). Setting one is still a gate change an admin approves.",
    body: allowedDeployTargetsSchema,
    response: { status: 200, description: "`{allowed: string[]}`" },
  },
  listWebhooks: {
    method: "GET",
    path: "/projects/{slug}/webhooks",
    tag: "Settings",
    summary: "A project's event webhooks (admins)",
    response: { status: 200, description: "Webhooks" },
  },
  createWebhook: {
    method: "POST",
    path: "/projects/{slug}/webhooks",
    tag: "Settings",
    summary: "Add an event webhook, plain JSON or Slack-compatible (admins); its signing secret is in this answer only",
    body: webhookInputSchema,
    response: { status: 201, description: "The webhook with its `secret`" },
  },
  updateWebhook: {
    method: "PUT",
    path: "/projects/{slug}/webhooks/{id}",
    tag: "Settings",
    summary: "Change a webhook's name, URL, format, events, or switch it off (admins)",
    body: webhookInputSchema,
    response: { status: 200, description: "The webhook" },
  },
  deleteWebhook: {
    method: "DELETE",
    path: "/projects/{slug}/webhooks/{id}",
    tag: "Settings",
    summary: "Delete a webhook and its delivery log (admins)",
    response: { status: 200, description: "Done" },
  },
  pingWebhook: {
    method: "POST",
    path: "/projects/{slug}/webhooks/{id}/ping",
    tag: "Settings",
    summary: "Queue a test event to a webhook (admins)",
    response: { status: 202, description: "The queued delivery" },
  },
  listDeliveries: {
    method: "GET",
    path: "/projects/{slug}/deliveries",
    tag: "Settings",
    summary: "The delivery log of webhooks and deploy hooks: attempts, response codes, errors (admins)",
    query: page.extend({ status: z.enum(["PENDING", "DELIVERED", "FAILED"]).optional() }),
    response: { status: 200, description: "A page of deliveries, newest first" },
  },
  retryDelivery: {
    method: "POST",
    path: "/projects/{slug}/deliveries/{id}/retry",
    tag: "Settings",
    summary: "Send a failed delivery again now (admins)",
    response: { status: 200, description: "The delivery" },
  },
  exportPipeline: {
    method: "GET",
    path: "/projects/{slug}/pipeline",
    tag: "Pipeline as code",
    summary: "The live pipeline as a shiproom.yaml (export → apply changes nothing); ?format=json for JSON",
    scope: "read",
    query: z.object({ format: z.enum(["yaml", "json"]).optional() }),
    response: { status: 200, description: "shiproom.yaml", contentType: "application/yaml" },
  },
  planPipeline: {
    method: "POST",
    path: "/projects/{slug}/pipeline/plan",
    tag: "Pipeline as code",
    summary: "What applying this shiproom.yaml would change; changes nothing",
    scope: "read",
    query: pipelineRevisionQuery,
    rawBody: yamlBody,
    response: { status: 200, description: "`{changes[], revision, managed}`" },
  },
  applyPipeline: {
    method: "POST",
    path: "/projects/{slug}/pipeline/apply",
    tag: "Pipeline as code",
    summary: "Make the pipeline what this shiproom.yaml says, all or nothing; from then on it is managed as code",
    description:
      "Every problem of the file is answered at once (422, each with its place and line), and then nothing is applied. " +
      "Only people weaken a gate: a token's file that removes or lowers approvals, drops or moves sign-off earlier, raises " +
      "maxFailed, lets the requester or author approve, removes or shortens a freeze, loosens rollbacks, switches automatic " +
      "promotion on, skips an environment of the chain, removes an environment or changes a deploy target is not applied: it " +
      "answers 202 and waits for an admin. A file that only tightens applies at once. Admins (signed in) apply any file.",
    scope: "pipeline:write",
    query: pipelineRevisionQuery,
    rawBody: yamlBody,
    response: {
      status: 200,
      description: "`{changes[], applied, revision, deployHookSecrets}` (a new deploy hook's secret shows here once)",
    },
    otherResponses: [
      {
        status: 202,
        description:
          "The file weakens a gate and was sent by a token: nothing is applied; it waits for an admin as `pendingChange` " +
          "(`links.review` in the app, `links.api` here), which replaces any change still pending",
      },
    ],
  },
  listPipelineChanges: {
    method: "GET",
    path: "/projects/{slug}/pipeline/changes",
    tag: "Pipeline as code",
    summary: "Files sent by tokens that weakened a gate: the pending one first, then the decided ones, newest first (20)",
    scope: "read",
    response: { status: 200, description: "`[{id, status, revision, proposedBy, weakenings[], decidedBy, decisionNote, links}]`" },
  },
  getPipelineChange: {
    method: "GET",
    path: "/projects/{slug}/pipeline/changes/{id}",
    tag: "Pipeline as code",
    summary: "One pipeline change; while pending, planned again against the live pipeline (what applying it would do now)",
    scope: "read",
    response: { status: 200, description: "The change with `yaml` and `plan: {changes[], weakenings[], planDigest}`" },
  },
  approvePipelineChange: {
    method: "POST",
    path: "/projects/{slug}/pipeline/changes/{id}/approve",
    tag: "Pipeline as code",
    summary: "Apply a pending pipeline change (admins), planned again against the live pipeline",
    description: "Send the `planDigest` you reviewed: if the live pipeline changed since, nothing is applied (409).",
    body: decidePipelineChangeSchema,
    response: { status: 200, description: "As apply answers: `{changes[], applied, deployHookSecrets, pendingChange}`" },
  },
  rejectPipelineChange: {
    method: "POST",
    path: "/projects/{slug}/pipeline/changes/{id}/reject",
    tag: "Pipeline as code",
    summary: "Turn a pending pipeline change down, with the reason (admins); nothing is applied",
    body: rejectPipelineChangeSchema,
    response: { status: 200, description: "The change" },
  },
  unmanagePipeline: {
    method: "DELETE",
    path: "/projects/{slug}/pipeline/management",
    tag: "Pipeline as code",
    summary: "Stop managing the pipeline as code: edits in Policies are allowed again (admins)",
    response: { status: 200, description: "`{managed: false}`" },
  },
  listAuditEvents: {
    method: "GET",
    path: "/audit",
    tag: "Audit",
    summary: "The audit trail, newest first, filtered by actor, action, object, project and time (a token sees its project's)",
    scope: "audit:read",
    query: auditFilterSchema,
    response: { status: 200, description: "`{events[], next}`: pass `before=next` for older events" },
  },
  exportAuditEvents: {
    method: "GET",
    path: "/audit/export",
    tag: "Audit",
    summary: "The filtered trail as JSON Lines or CSV, oldest first, streamed",
    scope: "audit:read",
    query: auditFilterSchema.omit({ before: true }).extend({ format: z.enum(["jsonl", "csv"]).optional() }),
    response: { status: 200, description: "One event per line", contentType: "application/x-ndjson" },
  },
  verifyAudit: {
    method: "GET",
    path: "/audit/verify",
    tag: "Audit",
    summary:
      "Check the hash chain: an admin the whole trail (every edited, deleted or reordered event); a token its project's events (edited or reordered among them)",
    scope: "audit:read",
    response: { status: 200, description: "`{ok, checked, head, problems[]}`" },
  },
  events: {
    method: "GET",
    path: "/events",
    tag: "Team",
    summary: "Server-sent events: `change` {projectId, projectSlug, topics} after every committed change",
    response: { status: 200, description: "An event stream", contentType: "text/event-stream" },
  },
});
