// Audit events as short sentences for timelines and activity feeds ("promoted v1.4.0 to staging").
import type { AuditEventDto } from "./schemas";
import { plural } from "../format/plural";

type Described = Pick<AuditEventDto, "action" | "after">;

function field(after: unknown, key: string): string | undefined {
  if (after && typeof after === "object" && key in after) {
    const value = (after as Record<string, unknown>)[key];
    return value === null || value === undefined ? undefined : String(value);
  }
  return undefined;
}

const promo = (a: unknown) => `#${field(a, "number") ?? "?"}`;
/** Whose step set Shiproom's own action off, when recorded: " after Quinn QA's step". */
const causeOf = (a: unknown) => (field(a, "cause") ? `, after a step by ${field(a, "cause")}` : "");
const target = (a: unknown) => `${field(a, "version") ?? "?"} → ${field(a, "environment") ?? "?"}`;

const sentences: Record<string, (after: unknown) => string> = {
  "project.created": (a) => `created the project ${field(a, "name") ?? ""}`.trim(),
  "member.created": (a) => `added ${field(a, "name") ?? "a member"}`,
  "member.roles_changed": (a) => `changed roles to ${field(a, "roles") ?? "…"}`,
  "member.deactivated": () => "deactivated a member",
  "member.reactivated": () => "reactivated a member",
  "release.created": (a) => `registered release ${field(a, "version") ?? ""}`.trim(),
  "release.abandoned": (a) => `abandoned release ${field(a, "version") ?? ""}`.trim(),
  "release.commented": (a) => `commented on ${field(a, "version") ?? "the release"}`,
  "deployment.requested": (a) => `requested promotion ${promo(a)}: ${target(a)}${causeOf(a)}`,
  "deployment.rollback_requested": (a) =>
    `requested rollback ${promo(a)}: ${field(a, "environment") ?? "?"} back to ${field(a, "version") ?? "?"}`,
  "deployment.approval_given": (a) => `approved ${promo(a)} (${target(a)})`,
  "deployment.rejected": (a) => `rejected ${promo(a)} (${target(a)})`,
  "deployment.approved": (a) => `cleared the gates of ${promo(a)}: ${target(a)} is approved${causeOf(a)}`,
  "deployment.started": (a) => `started deploying ${promo(a)}: ${target(a)}`,
  "deployment.succeeded": (a) => `deployed ${field(a, "version") ?? "?"} to ${field(a, "environment") ?? "?"} (${promo(a)})`,
  "deployment.rolled_back": (a) => `rolled ${field(a, "environment") ?? "?"} back to ${field(a, "version") ?? "?"} (${promo(a)})`,
  "deployment.failed": (a) => `reported ${promo(a)} failed (${target(a)})`,
  "deployment.cancelled": (a) => `cancelled ${promo(a)} (${target(a)})`,
  "deployment.superseded": (a) =>
    field(a, "rolledBackTo")
      ? `took ${promo(a)} (${target(a)}) out: ${field(a, "environment") ?? "?"} was rolled back to ${field(a, "rolledBackTo")}${causeOf(a)}`
      : `superseded ${promo(a)} (${target(a)})${causeOf(a)}`,
  "deployment.freeze_overridden": (a) => `overrode the freeze for ${promo(a)} (${target(a)})`,
  "deployment.nudged": (a) => `nudged ${field(a, "nudged") ?? "its approvers"} to approve ${promo(a)} (${target(a)})`,
  "deployment.reminded": (a) =>
    `reminded ${field(a, "reminded") ?? "its approvers"} to approve ${promo(a)} (${target(a)}), waiting longer than ${field(a, "after") ?? "its remindAfter"}`,
  "deployment.escalated": (a) =>
    `told the admins that ${promo(a)} (${target(a)}) still waits for approvals after ${field(a, "after") ?? "its escalateAfter"}`,
  "environment.policy_changed": (a) => `changed the policy of ${field(a, "environment") ?? "an environment"}`,
  "case.created": (a) => `wrote test case ${field(a, "key") ?? ""}`.trim(),
  "case.updated": (a) => `edited ${field(a, "key") ?? "a test case"} (revision ${field(a, "revision") ?? "?"})`,
  "case.archived": (a) => `archived ${field(a, "key") ?? "a test case"}`,
  "case.restored": (a) => `restored ${field(a, "key") ?? "a test case"}`,
  "cases.imported": (a) => `created ${field(a, "count") ?? "some"} automated cases from a JUnit report`,
  "cases.csv_imported": (a) =>
    `imported a ${field(a, "format") === "testrail" ? "TestRail " : ""}CSV of test cases: ${field(a, "created") ?? "0"} created, ${field(a, "updated") ?? "0"} updated`,
  "run.created": (a) =>
    `started test run #${field(a, "number") ?? "?"} of ${field(a, "version") ?? "?"} on ${field(a, "environment") ?? "?"}`,
  "run.junit_imported": (a) => `attached ${field(a, "file") ?? "a JUnit report"} to run #${field(a, "run") ?? "?"}`,
  "run.signed_off": (a) =>
    `signed off run #${field(a, "run") ?? "?"} of ${field(a, "version") ?? "?"} on ${field(a, "environment") ?? "?"}`,
  "run.blocked": (a) => `blocked run #${field(a, "run") ?? "?"} of ${field(a, "version") ?? "?"} on ${field(a, "environment") ?? "?"}`,
  "signoff.voided": () => "voided a sign-off",
  "token.created": (a) => `made the API token ${field(a, "name") ?? ""}`.trim(),
  "token.revoked": () => "revoked an API token",
  "webhook.created": (a) => `added the webhook ${field(a, "name") ?? ""}`.trim(),
  "webhook.changed": (a) => `changed the webhook ${field(a, "name") ?? ""}`.trim(),
  "webhook.deleted": () => "deleted a webhook",
  "delivery.retried": (a) => `sent ${field(a, "eventType") ?? "a delivery"} again`,
  "environment.deploy_hook_secret_rotated": (a) => `made a new deploy-hook secret for ${field(a, "environment") ?? "an environment"}`,
  "pipeline.applied": (a) => `applied shiproom.yaml ${field(a, "revision") ?? ""}`.trim(),
  "pipeline.unmanaged": () => "stopped managing the pipeline as code",
  "project.deploy_targets_allowed": () => "changed the deploy targets pipelines may set",
  "project.repository_set": (a) => (field(a, "repository") ? `named the repository ${field(a, "repository")}` : "forgot the repository"),
  "pipeline.change_proposed": (a) => `sent shiproom.yaml ${field(a, "revision") ?? ""}, which weakens gates: it waits for an admin`,
  "pipeline.change_approved": (a) =>
    `applied the pipeline change ${field(a, "revision") ?? ""} sent by ${field(a, "proposedBy") ?? "a token"}`,
  "pipeline.change_rejected": (a) =>
    `rejected the pipeline change ${field(a, "revision") ?? ""} sent by ${field(a, "proposedBy") ?? "a token"}`,
  "pipeline.change_replaced": (a) => `replaced the waiting pipeline change ${field(a, "revision") ?? ""}`,
  "result.recorded": (a) =>
    `recorded ${field(a, "case") ?? "a result"} as ${String(field(a, "status") ?? "?").toLowerCase()} in run #${field(a, "run") ?? "?"}`,
  "result.undone": (a) =>
    `took back a result of ${field(a, "case") ?? "a case"} in run #${field(a, "run") ?? "?"}: ${String(field(a, "status") ?? "?").toLowerCase()} again`,
  "result.step_recorded": (a) =>
    `marked step ${field(a, "step") ?? "?"} of ${field(a, "case") ?? "a case"} ${String(field(a, "status") ?? "?").toLowerCase()} in run #${field(a, "run") ?? "?"}`,
  "result.defect_linked": (a) =>
    `linked ${field(a, "label") ?? "an issue"} to ${field(a, "case") ?? "a case"} in run #${field(a, "run") ?? "?"}`,
  "run.assigned": (a) => {
    const how = field(a, "how");
    const cases = Number(field(a, "cases") ?? 0);
    const raw = a && typeof a === "object" ? (a as { assigned?: unknown }).assigned : undefined;
    const given = Array.isArray(raw) ? (raw as { name?: unknown; cases?: unknown }[]) : [];
    const rawTaken = a && typeof a === "object" ? (a as { taken?: unknown }).taken : undefined;
    const taken = Array.isArray(rawTaken) ? (rawTaken as { name?: unknown; cases?: unknown }[]) : [];
    const namesOf = (members: { name?: unknown; cases?: unknown }[]) =>
      members.map((t) => `${String(t.name)} (${String(t.cases)})`).join(", ");
    const [names, from] = [namesOf(given), namesOf(taken)];
    return how === "unassign"
      ? `unassigned ${plural(cases, "case")} in run #${field(a, "run") ?? "?"}${from ? `, taken from ${from}` : ""}`
      : `${how === "spread" ? "spread" : "assigned"} ${plural(cases, "case")} in run #${field(a, "run") ?? "?"}${names ? ` to ${names}` : ""}${from ? `, taken from ${from}` : ""}`;
  },
  "result.defect_removed": (a) =>
    `removed the known issue ${field(a, "label") ?? "?"} from ${field(a, "case") ?? "a case"} in run #${field(a, "run") ?? "?"}`,
  "result.attachment_added": (a) =>
    `attached ${field(a, "fileName") ?? "a file"} to ${field(a, "case") ?? "a result"} in run #${field(a, "run") ?? "?"}`,
  "result.attachment_removed": (a) =>
    `removed ${field(a, "fileName") ?? "a file"} from ${field(a, "case") ?? "a result"} in run #${field(a, "run") ?? "?"}`,
  "case.attachment_added": (a) => `attached ${field(a, "fileName") ?? "a file"} to test case ${field(a, "case") ?? "?"}`,
  "case.attachment_removed": (a) => `removed ${field(a, "fileName") ?? "a file"} from test case ${field(a, "case") ?? "?"}`,
};

export function describeAuditEvent(event: Described): string {
  const sentence = sentences[event.action];
  return sentence ? sentence(event.after) : event.action.replace(/[._]/g, " ");
}

/** Every action Shiproom records, for the audit page's filter. */
export const KNOWN_ACTIONS = Object.keys(sentences).sort();
