// Gate evaluation: what must hold before a release may enter an environment, and exactly what
// is still missing. Each gate kind is one evaluator over the same context; a new kind (QA
// sign-off) is one more evaluator in GATES and one more field in GateContext, nothing else.
import type { DeploymentStatus, Role } from "@/lib/generated/prisma/enums";
import { roleLabels } from "@/lib/auth/roles";
import { approvalsComplete, countApprovals, type ApprovalRuleSpec, type Approver, type RuleProgress } from "./approvals";
import { activeFreeze, formatInZone, type FreezeWindowSpec } from "./freeze";
import { plural } from "../format/plural";

type GateKind = "previous-success" | "freeze" | "approvals" | "deploy-lock" | "sign-off";
export type GateStatus = "passed" | "waiting" | "failed";

/** Who may still give a rule's missing approvals: active members holding its role who have not decided (by name, and with their ids). */
type RuleCandidates = { role: Role; remaining: number; names: string[]; members: { memberId: string; name: string }[] };

type GateResult = {
  kind: GateKind;
  status: GateStatus;
  title: string;
  /** What holds now: "1 of 2 from Ops". */
  summary: string;
  /** For a gate that is not passed: on whom or what it waits. */
  waitingOn?: string;
  approvals?: RuleProgress[];
  /** For approvals still missing: who may give them. */
  candidates?: RuleCandidates[];
  /** A freeze's end (ISO). */
  until?: string;
  /** When what the gate waited for happened (ISO): the success in the previous environment. Shown after the summary, as "5 min ago". */
  at?: string;
  /** Where to act on it (the run to sign off, or where to start one). */
  href?: string;
  /** What following `href` does, when not opening the run: "start a run". */
  hrefLabel?: string;
  /** Why something given earlier no longer counts: "Olive Ops's approval no longer counts: no longer Ops". */
  notes?: string[];
};

export type GateEvaluation = { passed: boolean; evaluatedAt: string; gates: GateResult[] };

/** The QA sign-off a policy requires, and where the release stands with it. */
export type SignOffContext = {
  environment: string;
  maxFailed: number | null;
  state:
    | { kind: "no-run"; href?: string }
    | { kind: "signed"; by: string; run: number; href: string; failed: number; waived: number }
    | {
        kind: "open";
        run: number;
        href: string;
        failed: number;
        blocked: number;
        untested: number;
        decision:
          | { kind: "blocked"; by: string; comment: string }
          | { kind: "voided"; reason: string }
          | { kind: "not-counted"; by: string; why: string }
          | null;
      };
};

/** A decision; `roles` are those it still counts for, `lost` why it counts for less than when given. */
export type Vote = Approver & { decision: "APPROVE" | "REJECT"; lost?: string | null };

export type GateContext = {
  now: Date;
  promotion: {
    isRollback: boolean;
    requestedById: string | null;
    freezeOverride: { by: string; note: string } | null;
  };
  release: { version: string; createdById: string | null };
  environment: {
    name: string;
    requirePreviousSuccess: boolean;
    requesterMayApprove: boolean;
    authorMayApprove: boolean;
    rollbackDuringFreeze: boolean;
    rollbackNeedsApproval: boolean;
    approvalRules: ApprovalRuleSpec[];
    freezeWindows: FreezeWindowSpec[];
  };
  previousEnvironment: { name: string } | null;
  /** Whether this release ever succeeded in the previous environment, and in this one; when it last succeeded in the previous one (ISO). */
  succeeded: { previous: boolean; here: boolean; previousAt?: string };
  votes: Vote[];
  /** Active members holding a role some approval rule names (to name who may still approve); absent: not known. */
  approvers?: Approver[];
  /** Another deployment of this environment that is approved or deploying. */
  inFlight: { number: number; version: string; status: DeploymentStatus } | null;
  /** Null when the policy requires no QA sign-off. */
  signOff: SignOffContext | null;
};

export type GateEvaluator = (ctx: GateContext) => GateResult | null;

const previousSuccessGate: GateEvaluator = (ctx) => {
  if (ctx.promotion.isRollback) {
    return ctx.succeeded.here
      ? {
          kind: "previous-success",
          status: "passed",
          title: "Rollback target",
          summary: `${ctx.release.version} ran in ${ctx.environment.name} before`,
        }
      : {
          kind: "previous-success",
          status: "failed",
          title: "Rollback target",
          summary: `${ctx.release.version} never ran in ${ctx.environment.name}`,
          waitingOn: "a rollback can only return to a release that ran here",
        };
  }
  if (!ctx.environment.requirePreviousSuccess || !ctx.previousEnvironment) return null;
  const where = ctx.previousEnvironment.name;
  // "Deployed to staging: succeeded 5 min ago" (the title names where; the release is the card's).
  return ctx.succeeded.previous
    ? {
        kind: "previous-success",
        status: "passed",
        title: `Deployed to ${where}`,
        summary: "succeeded",
        ...(ctx.succeeded.previousAt ? { at: ctx.succeeded.previousAt } : {}),
      }
    : {
        kind: "previous-success",
        status: "waiting",
        title: `Deployed to ${where}`,
        summary: "not yet",
        waitingOn: `${ctx.release.version} to succeed in ${where}`,
      };
};

const freezeGate: GateEvaluator = (ctx) => {
  const freeze = activeFreeze(ctx.environment.freezeWindows, ctx.now);
  if (!freeze) return null;
  const until = formatInZone(freeze.until, freeze.timeZone);
  const base = { kind: "freeze" as const, title: `Freeze: ${freeze.label}`, until: freeze.until.toISOString() };
  if (ctx.promotion.freezeOverride) {
    return {
      ...base,
      status: "passed",
      summary: `Overridden by ${ctx.promotion.freezeOverride.by}: “${ctx.promotion.freezeOverride.note}”`,
    };
  }
  if (ctx.promotion.isRollback && ctx.environment.rollbackDuringFreeze) {
    return { ...base, status: "passed", summary: `Frozen until ${until}; rollbacks are allowed` };
  }
  return { ...base, status: "waiting", summary: `Frozen until ${until}`, waitingOn: `the freeze to end (${until}) or an admin's override` };
};

/** Who may count: not the requester, nor the release's author, unless the policy says so. */
export function eligibleApprovers(ctx: GateContext): Approver[] {
  return ctx.votes.filter(
    (vote) =>
      vote.decision === "APPROVE" &&
      (ctx.environment.requesterMayApprove || vote.memberId !== ctx.promotion.requestedById) &&
      (ctx.environment.authorMayApprove || vote.memberId !== ctx.release.createdById),
  );
}

function describeRule(rule: RuleProgress): string {
  return `${rule.given} of ${rule.required} from ${roleLabels[rule.role]}`;
}

const approvalsGate: GateEvaluator = (ctx) => {
  const rules = ctx.environment.approvalRules;
  if (rules.length === 0) return null;
  if (ctx.promotion.isRollback && !ctx.environment.rollbackNeedsApproval) {
    return { kind: "approvals", status: "passed", title: "Approvals", summary: "not needed for a rollback" };
  }
  const progress = countApprovals(rules, eligibleApprovers(ctx));
  const summary = progress.map(describeRule).join(" · ");
  const lost = ctx.votes.filter((vote) => vote.decision === "APPROVE" && vote.lost);
  const notes = lost.length ? { notes: lost.map((vote) => `${vote.name}'s approval no longer counts: ${vote.lost}`) } : {};
  if (approvalsComplete(progress))
    return { kind: "approvals", status: "passed", title: "Approvals", summary, approvals: progress, ...notes };
  const candidates = missingApprovers(ctx, progress);
  const named = ctx.approvers !== undefined;
  const missing = candidates.map(({ role, remaining, names }) => {
    const who = `${roleLabels[role]}${remaining > 1 ? ` (${remaining} more)` : ""}`;
    return named ? `${who}: ${names.length ? listNames(names) : "no one else holds the role"}` : who;
  });
  // A rule that fewer members may meet than it still needs waits for ever: said, with the way out.
  const unmeetable = named
    ? candidates
        .filter(({ remaining, names }) => names.length < remaining)
        .map(
          ({ role, remaining, names }) =>
            `This cannot be met as things stand: ${roleLabels[role]} needs ${plural(remaining, "more approval")} and ${
              names.length === 0 ? "no one" : `only ${names.length} ${names.length > 1 ? "members" : "member"}`
            } may give ${remaining > 1 ? "them" : "it"}. An admin can give the role to more members or change ${ctx.environment.name}'s policy.`,
        )
    : [];
  const allNotes = [...(notes.notes ?? []), ...unmeetable];
  return {
    kind: "approvals",
    status: "waiting",
    title: "Approvals",
    summary,
    waitingOn: missing.join(named ? "; " : " and "),
    approvals: progress,
    ...(named ? { candidates } : {}),
    ...(allNotes.length ? { notes: allNotes } : {}),
  };
};

/** Each rule short of approvals, with the active members who may still give them (not who decided, nor whom the policy excludes). */
function missingApprovers(ctx: GateContext, progress: RuleProgress[]): RuleCandidates[] {
  const decided = new Set(ctx.votes.map((vote) => vote.memberId));
  const may = (ctx.approvers ?? []).filter(
    (member) =>
      !decided.has(member.memberId) &&
      (ctx.environment.requesterMayApprove || member.memberId !== ctx.promotion.requestedById) &&
      (ctx.environment.authorMayApprove || member.memberId !== ctx.release.createdById),
  );
  return progress
    .filter((rule) => rule.given < rule.required)
    .map((rule) => {
      const members = may
        .filter((member) => member.roles.includes(rule.role))
        .map((member) => ({ memberId: member.memberId, name: member.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { role: rule.role, remaining: rule.required - rule.given, names: members.map((m) => m.name), members };
    });
}

/** The active members who may still give a waiting promotion's missing approvals, once each (the nudged and reminded). */
export function possibleApprovers(evaluation: GateEvaluation): { memberId: string; name: string }[] {
  const gate = evaluation.gates.find((g) => g.kind === "approvals" && g.status === "waiting");
  const seen = new Map<string, string>();
  for (const rule of gate?.candidates ?? []) for (const member of rule.members) seen.set(member.memberId, member.name);
  return [...seen].map(([memberId, name]) => ({ memberId, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** "Olive Ops, Oscar Ops" — at most four names, then "and 3 others". */
function listNames(names: string[]): string {
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} others`;
}

const deployLockGate: GateEvaluator = (ctx) => {
  if (!ctx.inFlight) return null;
  const verb = ctx.inFlight.status === "DEPLOYING" ? "is deploying" : "is approved and about to deploy";
  return {
    kind: "deploy-lock",
    status: "waiting",
    title: "Environment free",
    summary: `#${ctx.inFlight.number} (${ctx.inFlight.version}) ${verb}`,
    waitingOn: `#${ctx.inFlight.number} to finish`,
  };
};

const signOffGate: GateEvaluator = (ctx) => {
  const required = ctx.signOff;
  if (!required) return null;
  const base = { kind: "sign-off" as const, title: `QA sign-off on ${required.environment}` };
  if (ctx.promotion.isRollback) return { ...base, status: "passed", summary: "not needed for a rollback" };
  const state = required.state;
  if (state.kind === "no-run") {
    return {
      ...base,
      status: "waiting",
      ...(state.href ? { href: state.href, hrefLabel: "start a run" } : {}),
      summary: `no test run of ${ctx.release.version} on ${required.environment} yet`,
      waitingOn: `a test run on ${required.environment} that QA signs off`,
    };
  }
  if (state.kind === "signed") {
    if (required.maxFailed !== null && state.failed > required.maxFailed) {
      return {
        ...base,
        status: "waiting",
        href: state.href,
        summary: `run #${state.run} has ${state.failed} failed; at most ${required.maxFailed} allowed`,
        waitingOn: `a run with at most ${required.maxFailed} failed signed off`,
      };
    }
    return {
      ...base,
      status: "passed",
      href: state.href,
      summary: `signed off by ${state.by} (run #${state.run})${state.waived ? `, ${state.waived} waived` : ""}`,
    };
  }
  const open = [
    state.failed ? `${state.failed} failed` : null,
    state.blocked ? `${state.blocked} blocked` : null,
    state.untested ? `${state.untested} untested` : null,
  ].filter(Boolean);
  const decision =
    state.decision?.kind === "blocked"
      ? `blocked by ${state.decision.by}: “${state.decision.comment}”`
      : state.decision?.kind === "voided"
        ? `sign-off voided (${state.decision.reason})`
        : state.decision?.kind === "not-counted"
          ? `signed off by ${state.decision.by}, ${state.decision.why}: does not count`
          : "not signed";
  return {
    ...base,
    status: "waiting",
    href: state.href,
    summary: [...open, decision].join(", "),
    waitingOn: `QA's sign-off of run #${state.run}`,
  };
};

const GATES: GateEvaluator[] = [previousSuccessGate, signOffGate, freezeGate, approvalsGate, deployLockGate];

export function evaluateGates(ctx: GateContext, gates: GateEvaluator[] = GATES): GateEvaluation {
  const results = gates.map((gate) => gate(ctx)).filter((result): result is GateResult => result !== null);
  return { passed: results.every((result) => result.status === "passed"), evaluatedAt: ctx.now.toISOString(), gates: results };
}

/** The roles a waiting approvals gate still needs. */
export function missingRoles(evaluation: GateEvaluation): Role[] {
  const gate = evaluation.gates.find((g) => g.kind === "approvals" && g.status !== "passed");
  return gate?.approvals?.filter((rule) => rule.given < rule.required).map((rule) => rule.role) ?? [];
}
