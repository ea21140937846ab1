// What a git-deployed promotion commits: the environment's state file (declarative: what must
// run there) and a commit message whose trailers name who approved and who signed off.
import { stringify } from "yaml";

export type DeploymentFacts = {
  project: { slug: string; name: string };
  environment: string;
  promotion: { id: string; number: number; isRollback: boolean; reason: string | null; requestedBy: string };
  release: { version: string; commitSha: string; artifactRef: string | null };
  approvals: { name: string; email: string | null }[];
  /** "Quinn QA (run #3)", when the policy required QA's sign-off. */
  signOff: string | null;
  approvedAt: string;
};

/** The state file's path in the repository: {project} and {environment} filled in. */
export function statePath(template: string, facts: Pick<DeploymentFacts, "project" | "environment">): string {
  return template.replaceAll("{project}", facts.project.slug).replaceAll("{environment}", facts.environment);
}

export function stateFile(f: DeploymentFacts): string {
  const body = {
    project: f.project.slug,
    environment: f.environment,
    release: {
      version: f.release.version,
      commit: f.release.commitSha,
      ...(f.release.artifactRef ? { artifact: f.release.artifactRef } : {}),
    },
    promotion: {
      id: f.promotion.id,
      number: f.promotion.number,
      rollback: f.promotion.isRollback,
      approvedAt: f.approvedAt,
      requestedBy: f.promotion.requestedBy,
      approvedBy: f.approvals.map((a) => a.name),
      ...(f.signOff ? { qaSignOff: f.signOff } : {}),
      ...(f.promotion.reason ? { reason: f.promotion.reason } : {}),
    },
  };
  return `# Written by Shiproom: the release that must run in ${f.environment}. Do not edit by hand.\n${stringify(body, { lineWidth: 0 })}`;
}

/** One line per trailer value, with no line breaks (a reason may hold several lines). */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function commitMessage(f: DeploymentFacts): string {
  const subject = f.promotion.isRollback
    ? `Roll back ${f.environment} to ${f.release.version} (${f.project.slug} #${f.promotion.number})`
    : `Deploy ${f.release.version} to ${f.environment} (${f.project.slug} #${f.promotion.number})`;
  const approvedBy = f.approvals.length ? `approved by ${f.approvals.map((a) => a.name).join(" and ")}` : "no approval required";
  const trailers = [
    `Shiproom-Promotion: ${f.promotion.id}`,
    `Shiproom-Release: ${f.release.version}`,
    `Shiproom-Commit: ${f.release.commitSha}`,
    ...f.approvals.map((a) => `Approved-by: ${oneLine(a.name)}${a.email ? ` <${a.email}>` : ""}`),
    ...(f.signOff ? [`QA-Signed-off-by: ${oneLine(f.signOff)}`] : []),
    ...(f.promotion.isRollback ? [`Rollback-Reason: ${oneLine(f.promotion.reason ?? "")}`] : []),
  ];
  const body = [
    `Requested by ${f.promotion.requestedBy}; ${approvedBy}.`,
    ...(f.promotion.reason && !f.promotion.isRollback ? [f.promotion.reason] : []),
  ];
  return `${subject}\n\n${body.join("\n\n")}\n\n${trailers.join("\n")}\n`;
}
